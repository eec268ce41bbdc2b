import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiDeps } from './deps.ts';
import { Problem } from './problem.ts';
import { REQUEST_ID } from './request-schema.ts';
import { authenticate, type Role, requireRole } from './roles.ts';

export interface RouteContext {
  event: APIGatewayProxyEventV2;
  params: Record<string, string>;
  deps: ApiDeps;
  /** undefined on public routes. */
  role?: Role;
}

export interface Route {
  method: string;
  /** `/v1/requests/{id}`-style template. */
  path: string;
  /** Roles allowed; empty for public routes (they check their own credentials). */
  roles: readonly Role[];
  handle(context: RouteContext): Promise<APIGatewayProxyStructuredResultV2>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { ...route, pattern: new RegExp(`^${source}$`), names };
  });
}

export async function dispatch(
  routes: readonly CompiledRoute[],
  event: APIGatewayProxyEventV2,
  deps: ApiDeps,
): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath;
  const matching = routes.filter((route) => route.pattern.test(path));
  if (matching.length === 0) throw new Problem(404, 'No such resource');
  const route = matching.find((candidate) => candidate.method === method);
  if (!route) throw new Problem(405, `${method} is not allowed here`);
  const values = route.pattern.exec(path)?.slice(1) ?? [];
  const params: Record<string, string> = {};
  route.names.forEach((name, index) => {
    try {
      params[name] = decodeURIComponent(values[index] ?? '');
    } catch {
      throw new Problem(400, 'The path is not valid percent-encoding');
    }
  });
  let role: Role | undefined;
  if (route.roles.length > 0) {
    role = authenticate(event.headers.authorization, deps.secrets);
    requireRole(role, route.roles);
  }
  // No request can have another id; looking one up would only reach DynamoDB's key limits.
  if (params.id !== undefined && !REQUEST_ID.test(params.id)) {
    throw new Problem(404, 'No request with this id');
  }
  return route.handle({ event, params, deps, role });
}
