/**
 * `kam analyze TABLE --customer C --value V --print-sql`: the per-customer aggregation an ABC analysis
 * needs, as standard SQL (SQL:2003: quoted identifiers, GROUP BY, SUM, COUNT), for data too large for one
 * machine. A warehouse (Spark, BigQuery, Postgres, DuckDB, Snowflake …) reduces billions of invoice lines
 * to one row per customer; `kam analyze` (or the task pane) then reads that result as it is: its columns
 * carry the names given here, so the same --customer and --value apply.
 *
 * What stays with kam: the customer-key rule (src/core/customerKey.ts) is applied when the result is read,
 * and keys that the rule joins ("ACME " and "ACME") are summed again there, so the SQL groups by the key
 * as stored and needs no dialect's regular expressions; placeholder keys (NA, NULL …) come through as rows
 * and are skipped and reported by kam. NULL keys are one group, which kam reports as blank.
 * Exactness: SUM is exact over DECIMAL/NUMERIC columns; over FLOAT columns each warehouse rounds its own way,
 * so amounts should be stored as DECIMAL.
 */

/** A standard SQL delimited identifier: "name", with inner double quotes doubled. */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A table reference: each dot-separated part quoted ("sales", "warehouse"."sales"); a quoted part keeps
 * its dots.
 */
export function sqlTable(name: string): string {
  if (name.startsWith('"')) return name; // already quoted by the user
  return name
    .split(".")
    .map((part) => sqlIdentifier(part))
    .join(".");
}

export interface SqlOptions {
  /** Table (or view) holding the invoice lines. */
  table: string;
  /** Customer-key column. */
  customer: string;
  /** Value column (sales, revenue …). */
  value: string;
  /** Optional profit (contribution margin) column, summed alongside. */
  profit?: string;
}

/**
 * The aggregation query: one row per customer with the key, the sum of the value, the number of lines and
 * (optionally) the sum of profit, largest value first. Output columns are named after the input columns
 * (plus "Lines"), so `kam analyze result.csv --customer C --value V` reads the result directly.
 */
export function abcSql(o: SqlOptions): string {
  const key = sqlIdentifier(o.customer);
  const value = sqlIdentifier(o.value);
  const lines = [
    `-- kam analyze: one row per customer for an ABC analysis of ${o.table} by ${o.value}.`,
    `-- Save the result as CSV (or .xlsx) and run: kam analyze RESULT --customer ${quoteArg(o.customer)} --value ${quoteArg(o.value)}`,
    `SELECT ${key} AS ${key},`,
    `       SUM(${value}) AS ${value},`,
    ...(o.profit ? [`       SUM(${sqlIdentifier(o.profit)}) AS ${sqlIdentifier(o.profit)},`] : []),
    `       COUNT(*) AS ${sqlIdentifier(linesColumn(o))}`,
    `FROM ${sqlTable(o.table)}`,
    `GROUP BY ${key}`,
    `ORDER BY SUM(${value}) DESC;`,
  ];
  return lines.join("\n") + "\n";
}

/** "Lines", or a name that does not clash with the mapped columns. */
function linesColumn(o: SqlOptions): string {
  const taken = new Set([o.customer, o.value, o.profit].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
  let name = "Lines";
  while (taken.has(name.toLowerCase())) name = `${name}_`;
  return name;
}

/** A shell argument, quoted when it holds anything but plain characters. */
function quoteArg(s: string): string {
  return /^[\w.-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, "\\$1")}"`;
}
