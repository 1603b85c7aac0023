/**
 * The Grid type and its cell helpers live in `src/core/grid.ts` (core may import nothing outside core);
 * the readers produce Grids, so they re-export them here for their callers.
 */
export * from "../core/grid";
