/**
 * English wording of the problems KamError reports (`src/core/errors.ts`): one key per kind of problem,
 * {placeholders} filled from the error's values by `problemText` (`./problems.ts`). `problems.nb.ts` gives
 * the Norwegian text of every key (a missing key is a compile error). Keys are grouped by where the
 * problem arises: cell.* (how a cell is named), input.*, file.*, csv.*, xlsx.*, out.*, arg.*, number.*.
 */
export const problemsEn = {
  // How a cell is named inside a message.
  "cell.blank": "a blank cell",
  "cell.text": "\"{text}\"",
  "cell.error": "the error value {text}",
  "cell.formula": "the formula ={text} with no saved result",
  "cell.logical": "the logical value {text}",
  "cell.date": "the date {text}",
  "cell.merged": "a cell merged into {text}",
  "cell.other": "{text}",

  // Reading the customer and value columns (src/core/input.ts).
  "input.noHeader": "{source} is empty: no header row found.",
  "input.noRows": "{source} has no data rows under the header.",
  "input.noRowsSkipped": "{source} has no data rows under the header ({count} rows without a customer in \"{column}\" skipped).",
  "input.notKey": "{source}, column \"{column}\", row {row}: {cell} is not a customer key.",
  "input.columnTwice": "Column \"{column}\" appears more than once in {source}; rename one of them.",
  "input.columnMissing": "Column \"{column}\" not found in {source}. Available: {available}",
  "input.mergedRows":
    "{source}, column \"{column}\", rows {from}–{to} are merged cells; unmerge them so every row has its own {what} (in Excel: Home → Merge & Center → Unmerge Cells).",
  "input.mergedRow":
    "{source}, column \"{column}\", row {row} is covered by cells merged from {text}; unmerge them so every row has its own {what} (in Excel: Home → Merge & Center → Unmerge Cells).",
  "input.what.customer": "customer",
  "input.what.value": "value",
  "input.notNumber": "{source}, column \"{column}\", row {row}: {cell} is not a number",
  "input.blankNumber": "{source}, column \"{column}\", row {row}: a blank cell is not a number",
  "input.ambiguous":
    "{source}, column \"{column}\", row {row}: {cell} is not a number under {locale}: the dot could be a thousands separator or a decimal point",
  "input.otherLocale": "{source}, column \"{column}\", row {row}: {cell} is not a number under {locale} (it reads as {value} with the {other} locale)",
  "input.digits": "{source}, column \"{column}\", row {row}: {cell} has more digits than can be computed exactly (at most {max} significant digits)",
  "input.tooSmall": "{source}, column \"{column}\", row {row}: {cell} is too small to compute with (it would become 0)",
  "input.tooLarge": "{source}, column \"{column}\", row {row}: {cell} is too large to compute with (beyond ±1.8E+308)",

  // Files.
  "file.cannotRead": "Cannot read {source}: {reason}.",
  "file.reason.missing": "no such file",
  "file.reason.denied": "permission denied",
  "file.reason.folder": "it is a folder",
  "file.reason.other": "{text}",
  "file.csvNoSheets": "{source} is a CSV file and has no sheets; leave out --sheet.",
  "file.noExtension": "{source} has no file extension; use a .xlsx or .csv file.",
  "file.badExtension": "{source} has the unsupported type \"{ext}\"; use a .xlsx or .csv file.",
  "csv.unreadable": "{source} (line {row}): not a readable CSV file: {reason}",
  "csv.unreadableNoLine": "{source}: not a readable CSV file: {reason}",
  "csv.quoteOpens": "the quote (\") that opens on line {row} is never closed",
  "csv.quoteBefore": "a quote (\") opened at or before line {row} is never closed",
  "csv.badUtf8": "{source} (line {row}): the file is UTF-8 but this line holds bytes that are not valid UTF-8; save it again as \"CSV UTF-8\".",
  "csv.badUtf16": "{source} starts like a UTF-16 text file but is not valid UTF-16; save it as CSV UTF-8.",
  "xlsx.unreadable": "Cannot read {source}: not a readable .xlsx workbook.",
  "xlsx.noSheets": "{source} has no worksheets.",
  "xlsx.noSheet": "Sheet \"{sheet}\" not found in {source}. Available: {available}",

  // Output workbooks (src/cli/output.ts, src/cli/analyze.ts).
  "out.notXlsx": "--out {name}: the output is a workbook: give a file name ending in .xlsx.",
  "out.isInput": "--out {name} is the input file; choose another output name.",
  "out.isInputLink": "--out {name} is the input file {source} under another name (a link); choose another output name.",
  "out.isFolder": "--out {out}: is a folder; give a file name ending in .xlsx.",
  "out.partIsFile": "--out {out}: {part} is a file, not a folder.",
  "out.folderMissing": "--out {out}: the folder {folder} does not exist.",
  "out.currentFolderMissing": "--out {out}: the current folder does not exist.",
  "out.notWritable": "--out {out}: the folder {folder} is not writable.",
  "out.currentNotWritable": "--out {out}: the current folder is not writable.",
  "out.foreign":
    "--out {name} exists and is not a kam analyze output ({why}); choose another --out, or add --force to replace it (a backup copy is written first).",
  "out.backupFailed": "Cannot write the backup {name}: {reason}.",

  // Command-line options.
  "arg.thresholdsForm": "--thresholds \"{text}\": give two numbers separated by a comma, e.g. 80,95.",
  "arg.thresholdsWrong": "--thresholds \"{text}\": {reason}",
  "arg.thresholdsComputed": "--thresholds does not apply to --method computed: its limits come from the ABC curve.",

  // Custom functions' arguments (src/functions/args.ts). {place} is "row 3" or "column 3".
  "arg.place.row": "row {n}",
  "arg.place.column": "column {n}",
  "arg.place.cell": "row {row}, column {column}",
  "arg.place.at": ", {place}",
  "arg.empty": "{name} is empty.",
  "arg.notRectangular": "{name} is not rectangular: row {row} has {cells} cells, row 1 has {width}.",
  "arg.notVector": "{name} must be one column or one row; got {rows} rows × {columns} columns.",
  "arg.dataType":
    "{name}{at}: {cell} is an Excel data type ({type}), not a number; refer to one of its fields instead, e.g. =A2.Price.",
  "arg.notNumber": "{name}{at}: {cell} is not a number.",
  "arg.blankNeeded": "{name}, {at} is blank; a number is needed.",
  "arg.notKey": "{name}, {at}: not a usable customer key.",
  "arg.choice": "{name} must be {options}; got {cell}.",
  "arg.or": "{a} or {b}",
  "arg.lengths": "{name} has {count} cells but {longest} has {n}; give one value per row or a single value.",
  "arg.valueNumber": "a non-number value",

  // What the command line reports about rows it skipped (src/cli/skipReport.ts).
  "report.skippedKeys": "Skipped {count} rows without a customer: {kinds}",
  "report.skippedKey": "Skipped 1 row without a customer: {kinds}",
  "report.kind": "{count} {kind}",
  "report.kind.empty": "{count} blank",
  "report.list": "{a}, {b}",
  "report.totalTable": "Skipped the total row \"{key}\" (row {row}): the table's Total row",
  "report.totalTrailing": "Skipped the total row \"{key}\" (row {row}): it equals the sum of the rows above",

  // The task pane's data source (src/taskpane/readMapped.ts).
  "pane.noData": "There is no data around {address}.",
  "pane.tableMissing": "There is no table named \"{name}\".",
  "pane.sheetMissing": "There is no sheet named \"{name}\".",
  "pane.mappedTwice": "Column \"{column}\" is mapped to two fields; choose a different column for each.",

  // Custom functions' shapes and the ABC thresholds.
  "fn.keysLength": "{keys} has {count} cells but {values} has {n}; give one key per value.",
  "fn.weightsLength": "weights has {count} numbers but ratings has {n} columns; give one weight per factor.",
  "fn.competitorRows": "competitor_scores has {count} rows but our_scores has {n} factors; give one column per competitor, one row per factor.",
  "fn.ratesLength": "activity_rates has {count} numbers but activity_counts has {n} columns; give one rate per activity.",
  "fn.kanoLength": "functional has {count} cells but dysfunctional has {n}; give one answer pair per row or a single answer.",
  "fn.row": "Row {row}: {problem}",
  "abc.thresholdsTwo": "Thresholds must be two numbers, e.g. 80, 95 or 0.8, 0.95.",
  "abc.thresholdsMixed": "Thresholds {a}, {b} mix a fraction and a percent; give both as percents (80, 95) or both as fractions (0.8, 0.95).",
  "abc.thresholdsOrder": "Thresholds must increase within (0, 100 %]; got {a}, {b}.",
  "abc.thresholdsComputed": "Thresholds do not apply to the computed method: its limits come from the ABC curve.",

  // kam analyze's summary (src/cli/analyze.ts).
  "report.read": "{source}: {customers} customers from {rows} rows",
  "report.thresholds": "ABC by {value}, {method} method, thresholds {a} / {b}; ",
  "report.computed": "ABC by {value}, computed method (limits from the ABC curve: A holds {a}, A+B {ab}); ",
  "report.method.value": "value",
  "report.method.count": "count",
  "report.method.computed": "computed",
  "report.positiveTotal": "positive total {total}",
  "report.col.class": "Class",
  "report.col.customers": "Customers",
  "report.col.value": "Value",
  "report.col.share": "Share",
  "report.wrote": "Wrote {out}",
  "report.wroteBackup": "Wrote {out}; backup of the file it replaced: {backup} (in the same folder; the last {kept} backups are kept)",
  "health.weight": "The health weight of {what} must be a number ≥ 0.",
  "health.weightsZero": "The health weights must not all be 0.",
  "health.bands": "The health bands need 0 ≤ Amber ≤ Green ≤ 100.",
  "health.cadence": "The review cadence of {what} must be a whole number of days ≥ 1.",
} as const;

/** A kind of problem: a key of the catalogue. */
export type ProblemKey = keyof typeof problemsEn;
