import { dashboardAsset, dashboardPaths } from '../../../web/assets.ts';
import { Problem } from '../problem.ts';
import type { Route } from '../router.ts';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The dashboard's static files; the page itself needs no token, its data calls do. */
export const dashboardRoutes: Route[] = dashboardPaths.map((path) => ({
  method: 'GET',
  path,
  roles: [],
  async handle() {
    const asset = dashboardAsset(path);
    if (!asset) throw new Problem(404, 'No such file');
    return {
      statusCode: 200,
      headers: {
        'content-type': asset.contentType,
        'cache-control': 'no-cache',
        ...SECURITY_HEADERS,
      },
      body: asset.body,
    };
  },
}));
