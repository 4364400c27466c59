import { type INestApplication } from '@nestjs/common';
import { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/** JSON and CSV answers load nothing and are framed by nothing. */
const API_POLICY: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The OpenAPI pages (Swagger UI): its scripts and styles from this origin, its inline styles and data: icons. */
const DOCS_POLICY: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const DOCS_PATH = /^\/docs(\/|$)/;

/**
 * The headers every HTTP service sends (helmet): no `X-Powered-By`, `nosniff`, no framing, no referrer,
 * same-origin isolation, HSTS for deployments behind TLS; a Content-Security-Policy that lets JSON answers
 * load nothing and the OpenAPI pages only their own files; and `Cache-Control: no-store` on every answer,
 * since reports and complaints must not stay in a browser's or a proxy's cache. A route that may be
 * cached (the dashboard's static files) or that needs its own policy (the dashboard's pages) sets its own
 * headers, which replace these. Install it before anything else, so that early errors carry them too.
 */
export const securityHeaders = (app: INestApplication): void => {
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: false, xFrameOptions: { action: 'deny' } }));
  const api = helmet.contentSecurityPolicy({ useDefaults: false, directives: API_POLICY });
  const docs = helmet.contentSecurityPolicy({ useDefaults: false, directives: DOCS_POLICY });
  app.use((request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    (DOCS_PATH.test(request.path) ? docs : api)(request, response, next);
  });
};
