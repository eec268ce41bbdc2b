/** A unit price and where it was read. */
export interface Price {
  usd: number;
  per: string;
  source: string;
}

/**
 * AWS list prices, us-east-1, on-demand, beyond the free tiers, as published on the pages below
 * when the bench was written (checked 2026-11-29). Volume tiers (Lambda above 7.5 billion GB-s a
 * month, SQS above 100 billion requests, HTTP APIs above 300 million) are not applied.
 */
export const US_EAST_1 = {
  checked: '2026-11-29',
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 'GB-second (arm64, first 7.5 billion GB-s a month)',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaRequest: {
    usd: 0.2 / 1e6,
    per: 'invocation',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  sqsRequest: {
    usd: 0.4 / 1e6,
    per: 'standard-queue request (each 64 KB chunk of a payload is one)',
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  dynamoWriteUnit: {
    usd: 0.625 / 1e6,
    per: 'on-demand write request unit (1 KB)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  dynamoReadUnit: {
    usd: 0.125 / 1e6,
    per: 'on-demand read request unit (4 KB strongly consistent, 8 KB eventually)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  httpApiRequest: {
    usd: 1.0 / 1e6,
    per: 'HTTP API request (512 KB increments, first 300 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  logsIngestedGb: {
    usd: 0.5,
    per: 'GB of CloudWatch Logs ingested (standard class)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  stepFunctionsTransition: {
    usd: 25 / 1e6,
    per: 'Standard Workflows state transition (retries included)',
    source: 'https://aws.amazon.com/step-functions/pricing/',
  },
} as const satisfies Record<string, Price | string>;

export type PriceList = typeof US_EAST_1;
