import { GoogleAnalyticsCallError } from './call-error.ts';
import type { GoogleAnalyticsClient } from './client.ts';
import {
  type GoogleError,
  googleErrorOf,
  type QuotaExhaustion,
  quotaExhaustion,
} from './google-errors.ts';
import type { DeletionTarget } from './identifiers.ts';

export const SUBMIT_USER_DELETION = 'POST /v1alpha/properties/{id}:submitUserDeletion';

/** What one submission came to: accepted, or refused for quota (which is not a failure). */
export type SubmissionAnswer =
  | { kind: 'submitted'; deletionRequestTime?: string }
  | { kind: 'quota'; exhaustion: QuotaExhaustion; google: GoogleError };

/**
 * Submits one user deletion for one identifier at one property. Google answers
 * `200 {deletionRequestTime}`; submitting the same identifier again is harmless.
 * Other refusals are thrown as {@link GoogleAnalyticsCallError}.
 */
// https://developers.google.com/analytics/devguides/config/admin/v1/rest/v1alpha/properties/submitUserDeletion
export async function submitUserDeletion(
  client: GoogleAnalyticsClient,
  propertyId: string,
  target: DeletionTarget,
): Promise<SubmissionAnswer> {
  try {
    const response = await client.admin.properties.submitUserDeletion({
      name: `properties/${propertyId}`,
      requestBody: { [target.field]: target.value },
    });
    return {
      kind: 'submitted',
      deletionRequestTime: response.data.deletionRequestTime ?? undefined,
    };
  } catch (error) {
    const google = googleErrorOf(error);
    const exhaustion = google && quotaExhaustion(google);
    if (google && exhaustion) return { kind: 'quota', exhaustion, google };
    throw GoogleAnalyticsCallError.from(SUBMIT_USER_DELETION, error, [target.value]);
  }
}
