/** Base of the hub's domain errors; the API maps each to a problem+json status. */
export class HubError extends Error {
  override name = 'HubError';
}

/** The same request id (or webhook-id) arrived before with a different body. */
export class RequestConflict extends HubError {
  override name = 'RequestConflict';
}

/** A valid request the hub cannot act on, e.g. an integration that is not enabled. */
export class UnprocessableRequest extends HubError {
  override name = 'UnprocessableRequest';
  constructor(
    message: string,
    readonly errors: { path: string; message: string }[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class RequestNotFound extends HubError {
  override name = 'RequestNotFound';
}
