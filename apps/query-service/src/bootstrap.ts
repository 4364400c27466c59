import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createServiceApp, createValidationPipe, withAuthSchemes } from '@app/platform';

/**
 * Creates the HTTP application around a root module: security headers, query DTO validation, OpenAPI at /docs, graceful
 * shutdown. No body parser: every route is a GET. Shared by the service's own main and the tests.
 */
export const createQueryHttpApp = async (
  rootModule: DynamicModule,
  options: { logger?: boolean } = {},
): Promise<INestApplication> => {
  const app = await createServiceApp(rootModule, { ...options, bodyParser: false });
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    withAuthSchemes(new DocumentBuilder())
      .setTitle('Complaint handling — reporting API')
      .setDescription(
        'Reports read from the analytics store (ClickHouse). Every route but /health and the dashboard ' +
          'pages needs a credential (Authorization: Bearer <JWT>, or X-Api-Key) whose roles hold the ' +
          'permission named in the operation (x-permissions); a caller restricted to some org units sees ' +
          'only the complaints they received. Errors name the field, the reason and a stable code: 400 bad ' +
          'parameter, 401 no or bad credential, 403 permission or org unit refused, 503 analytics store ' +
          'unavailable.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
};
