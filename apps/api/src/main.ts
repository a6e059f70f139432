import { exitOnBootFailure } from '@app/config';
import { ApiModule } from './api.module';
import { bootstrapHttpApp } from './http-app.bootstrap';

bootstrapHttpApp(ApiModule, 'ApiApp').catch(exitOnBootFailure);
