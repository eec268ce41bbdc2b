import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** One HTTP request as a client sent it. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the description says about one request: the operation it is, and what is wrong with it. */
export interface RequestVerdict {
  operationId?: string;
  template?: string;
  problems: string[];
}

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
}

interface RequestBody {
  required?: boolean;
  content?: Record<string, { schema?: Json }>;
}

interface Operation {
  operationId?: string;
  parameters?: Json[];
  requestBody?: Json;
}

interface Route {
  template: string;
  pattern: RegExp;
  names: string[];
  /** Characters outside `{…}`: the more, the more specific the template. */
  literalLength: number;
  item: Json;
}

const SPEC_ID = 'https://openapi.invalid/github';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** OpenAPI 3.0's `nullable` is not JSON Schema: turn it into a `null` alternative. */
function toJsonSchema(value: unknown, absoluteRefs: boolean): unknown {
  if (Array.isArray(value)) return value.map((entry) => toJsonSchema(entry, absoluteRefs));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, entry] of Object.entries(value)) {
    // Only the keyword: a property may be called `nullable` too.
    if (key === 'nullable' && typeof entry === 'boolean') continue;
    out[key] =
      key === '$ref' && absoluteRefs && typeof entry === 'string' && entry.startsWith('#')
        ? `${SPEC_ID}${entry}`
        : toJsonSchema(entry, absoluteRefs);
  }
  if ((value as Json).nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

/** A path parameter or query value as the type its schema wants. */
function coerce(raw: string, schema: Json | undefined): unknown {
  const type = schema?.type;
  if (
    (type === 'integer' || type === 'number') &&
    raw.trim() !== '' &&
    !Number.isNaN(Number(raw))
  ) {
    return Number(raw);
  }
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * Checks requests against an OpenAPI 3.0 description (GitHub's, from `@octokit/openapi`):
 * the method and path template exist, path and query parameters are declared and valid,
 * and a required body is there and valid against its schema.
 */
export class OpenApiRequestChecker {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly validators = new WeakMap<object, ValidateFunction>();

  constructor(private readonly document: Json) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats.default(this.ajv);
    const components = (document.components ?? {}) as Json;
    this.ajv.addSchema({
      $id: SPEC_ID,
      components: { schemas: toJsonSchema(components.schemas ?? {}, false) },
    });
    this.routes = Object.entries((document.paths ?? {}) as Record<string, Json>).map(
      ([template, item]) => {
        const names: string[] = [];
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const name = /^\{([^}]+)\}$/.exec(part)?.[1];
            if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            names.push(name);
            return '([^/]+)';
          })
          .join('');
        const literalLength = template.replace(/\{[^}]+\}/g, '').length;
        return { template, pattern: new RegExp(`^${source}$`), names, literalLength, item };
      },
    );
  }

  /** Reads and indexes a description file once; it is large, so keep the checker. */
  static fromFile(path: string): OpenApiRequestChecker {
    return new OpenApiRequestChecker(JSON.parse(readFileSync(path, 'utf8')) as Json);
  }

  check(request: CapturedRequest): RequestVerdict {
    const url = new URL(request.url);
    const path = url.pathname;
    const method = request.method.toLowerCase();
    const matches = this.routes
      .map((route) => ({ route, match: route.pattern.exec(path) }))
      .filter((entry) => entry.match !== null)
      .sort((a, b) => b.route.literalLength - a.route.literalLength);
    if (matches.length === 0) {
      return { problems: [`no operation in the description has the path ${path}`] };
    }
    const chosen = matches.find((entry) => METHODS.includes(method) && entry.route.item[method]);
    if (!chosen?.match) {
      const closest = matches[0]?.route;
      const offered = METHODS.filter((m) => closest?.item[m]).map((m) => m.toUpperCase());
      return {
        problems: [
          `no ${request.method} operation matches ${path} (closest template ${closest?.template} takes ${offered.join(', ')})`,
        ],
      };
    }
    const { route, match } = chosen;
    const operation = route.item[method] as Operation;
    const parameters = this.parameters(route.item, operation);
    const problems = [
      ...this.checkPath(route, match, parameters),
      ...this.checkQuery(url.searchParams, parameters),
      ...this.checkHeaders(request.headers, parameters),
      ...this.checkBody(request, operation),
    ];
    return { operationId: operation.operationId, template: route.template, problems };
  }

  private resolve<T>(value: Json): T {
    let current: unknown = value;
    for (let hops = 0; hops < 10 && current && typeof (current as Json).$ref === 'string'; hops++) {
      const pointer = ((current as Json).$ref as string).replace(/^#\//, '').split('/');
      current = pointer.reduce<unknown>(
        (node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        this.document,
      );
    }
    return current as T;
  }

  /** Path-level parameters, overridden by the operation's own of the same name and place. */
  private parameters(item: Json, operation: Operation): Parameter[] {
    const byKey = new Map<string, Parameter>();
    for (const raw of [...((item.parameters as Json[]) ?? []), ...(operation.parameters ?? [])]) {
      const parameter = this.resolve<Parameter>(raw);
      byKey.set(`${parameter.in}:${parameter.name}`, parameter);
    }
    return [...byKey.values()];
  }

  private validate(schema: Json | undefined, value: unknown, label: string): string[] {
    if (!schema) return [];
    let validator = this.validators.get(schema);
    if (!validator) {
      validator = this.ajv.compile(toJsonSchema(schema, true) as Json);
      this.validators.set(schema, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).map(
      (error) => `${label}${error.instancePath} ${error.message ?? 'is invalid'}`,
    );
  }

  private checkPath(route: Route, match: RegExpExecArray, parameters: Parameter[]): string[] {
    return route.names.flatMap((name, index) => {
      const declared = parameters.find((p) => p.in === 'path' && p.name === name);
      if (!declared) return [`path parameter ${name} is not declared`];
      let value: string;
      try {
        value = decodeURIComponent(match[index + 1] ?? '');
      } catch {
        return [`path parameter ${name} is not valid percent-encoding`];
      }
      if (value === '') return [`path parameter ${name} is empty`];
      return this.validate(
        declared.schema,
        coerce(value, declared.schema),
        `path parameter ${name}`,
      );
    });
  }

  private checkQuery(query: URLSearchParams, parameters: Parameter[]): string[] {
    const declared = parameters.filter((p) => p.in === 'query');
    const problems: string[] = [];
    for (const name of new Set(query.keys())) {
      const parameter = declared.find((p) => p.name === name);
      if (!parameter) {
        problems.push(`unknown query parameter ${name}`);
        continue;
      }
      for (const value of query.getAll(name)) {
        problems.push(
          ...this.validate(
            parameter.schema,
            coerce(value, parameter.schema),
            `query parameter ${name}`,
          ),
        );
      }
    }
    for (const parameter of declared) {
      if (parameter.required && !query.has(parameter.name)) {
        problems.push(`required query parameter ${parameter.name} is missing`);
      }
    }
    return problems;
  }

  private checkHeaders(headers: Record<string, string>, parameters: Parameter[]): string[] {
    const lower = new Map(
      Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    return parameters
      .filter((p) => p.in === 'header')
      .flatMap((parameter) => {
        const value = lower.get(parameter.name.toLowerCase());
        if (value === undefined) {
          return parameter.required ? [`required header ${parameter.name} is missing`] : [];
        }
        return this.validate(
          parameter.schema,
          coerce(value, parameter.schema),
          `header ${parameter.name}`,
        );
      });
  }

  private checkBody(request: CapturedRequest, operation: Operation): string[] {
    const hasBody = request.body !== undefined && request.body !== '';
    if (!operation.requestBody) {
      return hasBody ? ['the operation takes no request body, but one was sent'] : [];
    }
    const body = this.resolve<RequestBody>(operation.requestBody);
    if (!hasBody) return body.required ? ['the required request body is missing'] : [];
    const contentType = Object.entries(request.headers)
      .find(([name]) => name.toLowerCase() === 'content-type')?.[1]
      ?.split(';')[0]
      ?.trim()
      .toLowerCase();
    const media = contentType ? body.content?.[contentType] : undefined;
    if (!media) {
      const accepted = Object.keys(body.content ?? {}).join(', ');
      return [`content type ${contentType ?? '(none)'} is not one of ${accepted}`];
    }
    if (contentType !== 'application/json' && !contentType?.endsWith('+json')) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body ?? '');
    } catch {
      return ['the request body is not JSON'];
    }
    return this.validate(media.schema, parsed, 'body');
  }
}
