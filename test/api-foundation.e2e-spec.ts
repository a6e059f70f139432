import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, Logger as NestLogger, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import { LoggingModule } from '@app/logging';
import { AdminOnly, ApiKeyId, AuthModule, Public } from '../apps/api/src/auth';
import { configureHttpApp } from '../apps/api/src/common/configure-http-app';
import { setupSwaggerDocs } from '../apps/api/src/docs/swagger-docs';

const API_KEY = 'test-key-0123456789abcdef';
const OTHER_KEY = 'other-key-0123456789abcdef';
const ADMIN = { user: 'admin', password: 'admin-password-123' };
const SECRET_MESSAGE = 'connection to db failed: password=hunter2';
const LINK_SIGNATURE = 'c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw';

class OrderItemDto {
  @Matches(/^\+\d{11,15}$/, { message: 'must be an E.164 number' })
  phone!: string;
}

class OrderDto {
  @IsString()
  name!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];
}

@Controller('test')
class FoundationTestController {
  private readonly logger = new NestLogger(FoundationTestController.name);

  @Get('whoami')
  whoAmI(@ApiKeyId() apiKeyId: string | undefined): { apiKeyId: string | undefined } {
    return { apiKeyId };
  }

  @Public()
  @Get('public')
  open(): { open: true } {
    this.logger.log('public route called');
    return { open: true };
  }

  @Post('orders')
  create(@Body() order: OrderDto): OrderDto {
    return order;
  }

  @Get('boom')
  boom(): never {
    throw new Error(SECRET_MESSAGE);
  }

  @AdminOnly()
  @Get('admin')
  admin(): { admin: true } {
    return { admin: true };
  }

  @AdminOnly()
  @Post('admin')
  change(): { changed: true } {
    return { changed: true };
  }
}

interface RunningApp {
  readonly app: NestExpressApplication;
  readonly baseUrl: string;
  readonly logLines: string[];
}

async function startApp(env: Record<string, string>): Promise<RunningApp> {
  const config = loadConfig({ LOG_LEVEL: 'debug', RECORDING_LINK_SECRET: 'recording-link-secret-0123', ...env });
  const logLines: string[] = [];
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule,
      AuthModule,
      LoggingModule.forRoot({ destination: { write: (line) => logLines.push(line) } }),
    ],
    controllers: [FoundationTestController],
  })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttpApp(app);
  setupSwaggerDocs(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, logLines };
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('API foundation: auth, errors, logging, docs (e2e)', () => {
  let running: RunningApp;
  let baseUrl: string;
  const bearer = { Authorization: `Bearer ${API_KEY}` };

  beforeAll(async () => {
    running = await startApp({
      API_KEYS: `${OTHER_KEY},${API_KEY}`,
      ADMIN_USER: ADMIN.user,
      ADMIN_PASSWORD: ADMIN.password,
    });
    baseUrl = running.baseUrl;
  });

  afterAll(async () => {
    await running?.app.close();
  });

  const postJson = (path: string, body: string): Promise<Response> =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' }, body });

  describe('API keys', () => {
    it('answers 401 AUTH_API_KEY_MISSING with WWW-Authenticate: Bearer without a key', async () => {
      const response = await fetch(`${baseUrl}/test/whoami`);

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual({
        statusCode: 401,
        code: 'AUTH_API_KEY_MISSING',
        message: expect.any(String),
      });
    });

    it.each([
      ['a wrong key', `Bearer ${API_KEY}x`],
      ['a prefix of a key', `Bearer ${API_KEY.slice(0, 10)}`],
      ['another scheme', `Basic ${API_KEY}`],
    ])('answers 401 AUTH_API_KEY_INVALID for %s', async (_case, authorization) => {
      const response = await fetch(`${baseUrl}/test/whoami`, { headers: { Authorization: authorization } });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ statusCode: 401, code: 'AUTH_API_KEY_INVALID' });
    });

    it('lets a configured key through and exposes its non-secret id', async () => {
      const response = await fetch(`${baseUrl}/test/whoami`, { headers: bearer });

      expect(response.status).toBe(200);
      const { apiKeyId } = (await response.json()) as { apiKeyId: string };
      expect(apiKeyId).toMatch(/^[0-9a-f]{8}$/);
      expect(API_KEY).not.toContain(apiKeyId);
    });

    it('gives each key its own id', async () => {
      const ids = await Promise.all(
        [API_KEY, OTHER_KEY].map(async (key) => {
          const response = await fetch(`${baseUrl}/test/whoami`, { headers: { Authorization: `Bearer ${key}` } });
          return ((await response.json()) as { apiKeyId: string }).apiKeyId;
        }),
      );

      expect(new Set(ids).size).toBe(2);
    });

    it('leaves a @Public() route open', async () => {
      const response = await fetch(`${baseUrl}/test/public`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ open: true });
    });

    it('answers an unknown path with 404 NOT_FOUND in the error format', async () => {
      const response = await fetch(`${baseUrl}/nope`, { headers: bearer });

      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });
  });

  describe('admin pages', () => {
    it.each(['/docs', '/docs-json', '/test/admin'])(
      '%s answers 401 with a Basic challenge without credentials',
      async (path) => {
        const response = await fetch(`${baseUrl}${path}`);

        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Basic realm="connector admin"');
        expect(await response.json()).toMatchObject({ statusCode: 401, code: 'AUTH_ADMIN_CREDENTIALS_REQUIRED' });
      },
    );

    it.each(['/docs', '/test/admin'])('%s refuses a wrong password and an API key', async (path) => {
      for (const authorization of [basic(ADMIN.user, `${ADMIN.password}x`), `Bearer ${API_KEY}`]) {
        const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: authorization } });
        expect(response.status).toBe(401);
      }
    });

    it('serves Swagger UI and the document to the admin', async () => {
      const headers = { Authorization: basic(ADMIN.user, ADMIN.password) };

      const ui = await fetch(`${baseUrl}/docs`, { headers });
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');

      const json = await fetch(`${baseUrl}/docs-json`, { headers });
      expect(json.status).toBe(200);
      const document = (await json.json()) as { info: { title: string }; paths: Record<string, unknown> };
      expect(document.info.title).toBe('Asterisk ↔ ELMA365 connector');
      expect(Object.keys(document.paths)).toContain('/test/whoami');
    });

    it('refuses a change to an @AdminOnly() route sent from another site, and takes it from the page itself', async () => {
      const change = (origin: string) =>
        fetch(`${baseUrl}/test/admin`, {
          method: 'POST',
          headers: { Authorization: basic(ADMIN.user, ADMIN.password), Origin: origin },
        });

      const foreign = await change('https://attacker.example');
      expect(foreign.status).toBe(403);
      expect(await foreign.json()).toMatchObject({ code: 'AUTH_ADMIN_CROSS_SITE_REQUEST' });
      expect(foreign.headers.get('x-frame-options')).toBe('DENY');
      expect((await change(baseUrl)).status).toBe(201);
    });

    it('counts failed logins on @AdminOnly() routes and the mounted pages together, then makes the address wait', async () => {
      const own = await startApp({ API_KEYS: API_KEY, ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password });
      try {
        const wrong = { Authorization: basic(ADMIN.user, 'guess') };
        for (let i = 0; i < 10; i += 1) {
          const path = i % 2 === 0 ? '/docs' : '/test/admin';
          expect((await fetch(`${own.baseUrl}${path}`, { headers: wrong })).status).toBe(401);
        }
        for (const path of ['/test/admin', '/docs']) {
          const response = await fetch(`${own.baseUrl}${path}`, {
            headers: { Authorization: basic(ADMIN.user, ADMIN.password) },
          });
          expect({ path, status: response.status }).toEqual({ path, status: 429 });
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      } finally {
        await own.app.close();
      }
    });

    it('lets the admin into an @AdminOnly() route', async () => {
      const response = await fetch(`${baseUrl}/test/admin`, {
        headers: { Authorization: basic(ADMIN.user, ADMIN.password) },
      });

      expect(response.status).toBe(200);
    });

    it('answers 404 on admin pages when no admin is configured', async () => {
      const noAdmin = await startApp({ API_KEYS: API_KEY });
      try {
        for (const path of ['/docs', '/docs-json', '/test/admin']) {
          const response = await fetch(`${noAdmin.baseUrl}${path}`, {
            headers: { Authorization: basic('admin', 'x') },
          });
          expect({ path, status: response.status }).toEqual({ path, status: 404 });
          expect(await response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
        }
      } finally {
        await noAdmin.app.close();
      }
    });
  });

  describe('errors', () => {
    it('names every invalid field, nested ones by their path', async () => {
      const response = await postJson(
        '/test/orders',
        JSON.stringify({ items: [{ phone: '+79161234567' }, { phone: '12' }] }),
      );

      expect(response.status).toBe(400);
      const body = (await response.json()) as { code: string; details: { field: string; reason: string }[] };
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details).toEqual(
        expect.arrayContaining([
          { field: 'name', reason: expect.stringContaining('string') },
          { field: 'items.1.phone', reason: expect.stringContaining('E.164') },
        ]),
      );
      expect(body.details.map((detail) => detail.field)).not.toContain('items.0.phone');
    });

    it('refuses properties the DTO does not declare', async () => {
      const response = await postJson('/test/orders', JSON.stringify({ name: 'n', items: [], admin: true }));

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'admin', reason: expect.stringContaining('should not exist') }],
      });
    });

    it('accepts a valid body', async () => {
      const order = { name: 'n', items: [{ phone: '+79161234567' }] };
      const response = await postJson('/test/orders', JSON.stringify(order));

      expect(response.status).toBe(201);
      expect(await response.json()).toEqual(order);
    });

    it('answers malformed JSON with 400 INVALID_JSON', async () => {
      const response = await postJson('/test/orders', '{"name": ');

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        statusCode: 400,
        code: 'INVALID_JSON',
        message: 'The request body is not valid JSON',
      });
    });

    it.each([
      ['objects', `${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}`],
      ['arrays', `{"name":"n","items":${'['.repeat(3000)}${']'.repeat(3000)}}`],
    ])('answers deeply nested %s (a few kB) with 400 naming the body, not a stack overflow', async (_what, body) => {
      const response = await postJson('/test/orders', body);

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'body', reason: expect.stringContaining('deeper than 16 levels') }],
      });
    });

    it('answers a body over 64 kB with 413 PAYLOAD_TOO_LARGE', async () => {
      const response = await postJson('/test/orders', JSON.stringify({ name: 'x'.repeat(65 * 1024), items: [] }));

      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('answers an unexpected error with 500 INTERNAL_ERROR and logs, not sends, its message', async () => {
      const response = await fetch(`${baseUrl}/test/boom`, { headers: bearer });

      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' });
      expect(text).not.toContain('hunter2');
      const logged = running.logLines.map((line) => JSON.parse(line) as { context?: string; msg?: string });
      expect(logged).toContainEqual(expect.objectContaining({ context: 'ApiExceptionFilter', msg: SECRET_MESSAGE }));
    });

    it('does not announce Express', async () => {
      const response = await fetch(`${baseUrl}/test/public`);

      expect(response.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('logging', () => {
    it('writes JSON lines with the Nest context, and never the API key nor a link signature', async () => {
      const before = running.logLines.length;
      await fetch(`${baseUrl}/test/public?sig=${LINK_SIGNATURE}&expires=1&token=${API_KEY}`, {
        headers: { ...bearer, Cookie: 'session=cookie-secret-value' },
      });
      await fetch(`${baseUrl}/test/whoami`, { headers: bearer });

      const lines = running.logLines.slice(before);
      const output = lines.join('');
      expect(lines.length).toBeGreaterThanOrEqual(3);
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records).toContainEqual(
        expect.objectContaining({ context: 'FoundationTestController', msg: 'public route called' }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({ req: expect.objectContaining({ url: expect.stringContaining('sig=[Redacted]') }) }),
      );
      expect(output).toContain('expires=1');
      expect(output).not.toContain(API_KEY);
      expect(output).not.toContain(LINK_SIGNATURE);
      expect(output).not.toContain('cookie-secret-value');
    });

    it('does not log request bodies', async () => {
      const before = running.logLines.length;
      await postJson('/test/orders', JSON.stringify({ name: 'body-marker-4711', items: [] }));

      expect(running.logLines.slice(before).join('')).not.toContain('body-marker-4711');
    });
  });
});
