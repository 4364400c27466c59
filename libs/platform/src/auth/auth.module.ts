import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import { type DocumentBuilder } from '@nestjs/swagger';
import { AUTH_CONFIG, type AuthConfig, authDisabled } from './auth.config';
import { API_KEY_SCHEME, BEARER_SCHEME } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { RevocationList } from './revocation/revocation-list';
import { TokenIssuer } from './token-issuer';

/** Says so at start-up when an HTTP service can verify no credential at all (not in a CLI's context). */
@Injectable()
class NoKeysWarning implements OnApplicationBootstrap {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (this.adapterHost.httpAdapter && authDisabled(this.config))
      new Logger('Auth').warn(
        'Neither AUTH_JWT_SECRETS nor AUTH_API_KEYS is configured: every protected route answers 401',
      );
  }
}

/**
 * Authentication for a service: the global deny-by-default guard, the authenticator and the token
 * issuer, all from the service's configuration. Several services composed in one process each import
 * it with the same keys and get the same module back, so one guard checks each request once (Nest
 * tells dynamic modules apart by reference: equal objects would register the guard once per service).
 */
@Module({})
export class AuthModule {
  private static readonly registered = new Map<string, DynamicModule>();

  static register(config: AuthConfig): DynamicModule {
    const key = JSON.stringify(config);
    let module = AuthModule.registered.get(key);
    if (!module) {
      module = AuthModule.build(config);
      AuthModule.registered.set(key, module);
    }
    return module;
  }

  private static build(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        NoKeysWarning,
        Authenticator,
        TokenIssuer,
        RevocationList,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [Authenticator, TokenIssuer, RevocationList],
    };
  }
}

/** Declares the two credentials (bearer JWT, X-Api-Key) in a service's OpenAPI document. */
export const withAuthSchemes = (builder: DocumentBuilder): DocumentBuilder =>
  builder
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, API_KEY_SCHEME);
