import { type INestApplication, type Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { type CommandServiceConfig } from './config/command-service.config';
import { createServiceApp, createValidationPipe, withAuthSchemes } from '@app/platform';

/**
 * Creates the HTTP application around a root module: security headers, strict JSON bodies with a size
 * limit, DTO validation, OpenAPI at /docs, graceful shutdown. Shared by the service's own main, the standalone
 * app and the tests.
 */
export const createHttpApp = async (
  rootModule: Type | ReturnType<typeof Object>,
  config: Pick<CommandServiceConfig, 'BODY_LIMIT' | 'INGRESS_BODY_LIMIT'>,
  options: { logger?: boolean } = {},
): Promise<INestApplication> => {
  const app = await createServiceApp(rootModule, { ...options, bodyParser: false });
  const types = ['application/json', 'application/*+json'];
  // The first parser that reads a body marks it parsed; the batch route gets its larger limit first.
  app.use('/ingress/batch', json({ limit: config.INGRESS_BODY_LIMIT, strict: true, type: types }));
  app.use(json({ limit: config.BODY_LIMIT, strict: true, type: types }));
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    withAuthSchemes(new DocumentBuilder())
      .setTitle('Complaint handling — command API')
      .setDescription(
        'Commands on complaints and corrective actions. Every route but /health needs a credential ' +
          '(Authorization: Bearer <JWT>, or X-Api-Key) whose roles hold the permission named in the ' +
          'operation (x-permissions). Errors name the field, the reason and a stable code: 400 malformed, ' +
          '401 no or bad credential, 403 permission or org unit refused, 404 unknown, ' +
          '409 stale version or reused Idempotency-Key, 413 too large, 422 domain rule.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
};
