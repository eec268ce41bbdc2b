import type { Logger } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Problem, problemResponse } from './problem.ts';

/**
 * Turns every thrown error into an RFC 9457 answer. Known problems keep their
 * status; anything else is a 500 whose detail says nothing of the cause.
 */
export function problemAnswers(
  logger: Logger,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async function answerWithProblem(request) {
      const error = request.error;
      if (error instanceof Problem) {
        if (error.status >= 500) logger.error('request failed', { status: error.status });
        request.response = problemResponse(error);
        return;
      }
      logger.error('unexpected error', {
        errorName: error instanceof Error ? error.name : 'unknown',
        // Only the resource kind: the rest of the path holds request ids, emails and tokens.
        path: request.event.rawPath.split('/').slice(0, 3).join('/'),
      });
      request.response = problemResponse(
        new Problem(500, 'The hub could not answer; see its logs'),
      );
    },
  };
}
