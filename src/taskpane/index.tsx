/** Task pane entry (webpack `taskpane` bundle): see start.tsx. */
import { startTaskpane } from "./start";

startTaskpane();
