import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ErrorFilter } from '../error.filter';
import { generateApiKey, hashApiKey } from './api-keys';
import { AllUnits, Authenticated, CurrentGrant, Public, RequirePermission } from './auth.decorators';
import { AuthModule } from './auth.module';
import { Authenticator } from './authenticator';
import { type Grant } from './principal';
import { AGENT, ANALYST, bearer, SUPERVISOR, TEST_AUTH_CONFIG } from './test-support';

@Controller()
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('handle')
  @RequirePermission('complaint:handle')
  handle(@CurrentGrant() grant: Grant) {
    return grant;
  }

  @Get('reports')
  @RequirePermission('analytics:read', 'report:executive')
  reports(@CurrentGrant() grant: Grant) {
    return { role: grant.role, permission: grant.permission };
  }

  @Get('me')
  @Authenticated()
  me(@CurrentGrant() grant: Grant) {
    return { subject: grant.principal.subject };
  }

  @Get('metrics')
  @RequirePermission('ops:metrics')
  @AllUnits()
  metrics() {
    return { lag: 0 };
  }

  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }
}

describe('AuthGuard (global, deny by default)', () => {
  let app: INestApplication;
  const systemKey = generateApiKey();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.register({
          ...TEST_AUTH_CONFIG,
          AUTH_API_KEYS: [{ id: 'hotline', sha256: hashApiKey(systemKey), roles: ['system'] }],
        }),
      ],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ErrorFilter());
    await app.init();
  });

  afterAll(() => app.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).get(path).set(headers);

  it('lets anyone reach a public route', async () => {
    expect((await get('/open')).status).toBe(200);
  });

  it('answers 401 with the error body and WWW-Authenticate without a credential', async () => {
    const res = await get('/handle');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toMatchObject({
      statusCode: 401,
      code: 'AUTH.UNAUTHENTICATED',
      errors: [{ field: 'Authorization', code: 'AUTH.UNAUTHENTICATED' }],
    });
  });

  it('answers 401 for an expired token and for an unknown API key', async () => {
    const expired = await get('/handle', bearer({ roles: ['agent'], ttlSeconds: -1 }));
    expect(expired.body).toMatchObject({ statusCode: 401, message: 'Authorization: the token has expired' });
    const unknownKey = await get('/handle', { 'X-Api-Key': generateApiKey() });
    expect(unknownKey.body).toMatchObject({ statusCode: 401, errors: [{ field: 'X-Api-Key' }] });
  });

  it('answers 403 AUTH.FORBIDDEN when no role holds the permission', async () => {
    for (const headers of [ANALYST, { 'X-Api-Key': systemKey }]) {
      const res = await get('/handle', headers);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'AUTH.FORBIDDEN', errors: [{ code: 'AUTH.FORBIDDEN' }] });
      expect(res.body.message).toContain('complaint:handle');
    }
  });

  it('security class 2: refuses a route about every unit to an admin limited to some units', async () => {
    expect((await get('/metrics', bearer({ roles: ['admin'] }))).status).toBe(200);
    const scoped = await get('/metrics', bearer({ roles: ['admin'], orgUnits: ['hub-2'] }));
    expect(scoped.status).toBe(403);
    expect(scoped.body).toMatchObject({ code: 'AUTH.OUT_OF_SCOPE', errors: [{ code: 'AUTH.OUT_OF_SCOPE' }] });
    expect(JSON.stringify(scoped.body)).not.toContain('lag');
  });

  it('passes the principal and the granting role to the handler', async () => {
    const res = await get('/handle', SUPERVISOR);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      principal: { subject: 'S2001', roles: ['supervisor'], orgUnits: 'all', via: 'jwt', sources: [] },
      role: 'supervisor',
      permission: 'complaint:handle',
    });
    expect((await get('/handle', AGENT)).body.role).toBe('agent');
  });

  it('accepts any one of several permissions', async () => {
    const executive = await get('/reports', bearer({ roles: ['executive'] }));
    expect(executive.body).toEqual({ role: 'executive', permission: 'report:executive' });
    expect((await get('/reports', AGENT)).status).toBe(403);
  });

  it('lets any verified principal reach an authenticated-only route, and no anonymous caller', async () => {
    expect((await get('/me', { 'X-Api-Key': systemKey })).body).toEqual({ subject: 'hotline' });
    expect((await get('/me', bearer({ roles: ['executive'] }))).status).toBe(200);
    const anonymous = await get('/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await get('/me', bearer({ roles: ['agent'], ttlSeconds: -60 }))).status).toBe(401);
  });

  it('refuses a route that declares neither a permission nor public, whoever calls', async () => {
    const res = await get('/forgotten', bearer({ roles: ['admin', 'supervisor', 'agent', 'analyst'] }));
    expect(res.status).toBe(403);
    expect(res.body.leaked).toBeUndefined();
    expect((await get('/forgotten')).status).toBe(401);
  });
});

describe('AuthModule composed by several services in one process', () => {
  @Module({ imports: [AuthModule.register({ ...TEST_AUTH_CONFIG })], controllers: [ProbeController] })
  class FirstService {}

  @Module({ imports: [AuthModule.register({ ...TEST_AUTH_CONFIG })] })
  class SecondService {}

  it('is one module for equal settings, so each request is authenticated once', async () => {
    expect(AuthModule.register({ ...TEST_AUTH_CONFIG })).toBe(AuthModule.register({ ...TEST_AUTH_CONFIG }));
    expect(AuthModule.register({ ...TEST_AUTH_CONFIG, AUTH_JWT_ISSUER: 'other' })).not.toBe(
      AuthModule.register({ ...TEST_AUTH_CONFIG }),
    );

    const moduleRef = await Test.createTestingModule({ imports: [FirstService, SecondService] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const authenticate = jest.spyOn(Authenticator.prototype, 'authenticate');
    try {
      const res = await request(app.getHttpServer()).get('/handle').set(AGENT);
      expect(res.status).toBe(200);
      expect(authenticate).toHaveBeenCalledTimes(1);
    } finally {
      authenticate.mockRestore();
      await app.close();
    }
  });
});
