import type { RouteConfig } from '@remix-run/route-config';
import { flatRoutes } from '@remix-run/fs-routes';

// a route's loader and action live in a `*.server.ts` module beside it, which is not a route
export default flatRoutes({ ignoredRouteFiles: ['**/*.server.ts'] }) satisfies RouteConfig;
