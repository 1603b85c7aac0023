/**
 * Errors of the fake, shaped like `OfficeExtension.Error`: a `code` from Excel's error list
 * (`InvalidArgument`, `ItemNotFound`, `PropertyNotLoaded` …), a message and `debugInfo`, so code written
 * against the real API (`e.code === "ItemNotFound"`) behaves the same under the fake.
 */

export type FakeErrorCode =
  | "PropertyNotLoaded"
  | "InvalidArgument"
  | "InvalidOperation"
  | "InvalidReference"
  | "ItemNotFound"
  | "ItemAlreadyExists"
  | "EmptyChartSeries"
  | "NotImplemented"
  | "RunMustReturnPromise"
  | "InvalidRequestContext"
  | "RequestPayloadSizeLimitExceeded"
  | "ResponsePayloadSizeLimitExceeded";

export class FakeOfficeError extends Error {
  readonly code: FakeErrorCode;
  readonly debugInfo: { code: FakeErrorCode; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  constructor(code: FakeErrorCode, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

export function fail(code: FakeErrorCode, message: string, where?: string): never {
  throw new FakeOfficeError(code, message, where);
}
