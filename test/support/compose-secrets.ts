/**
 * The passwords compose.yaml requires from .env for every `docker compose up` (no defaults: compose stops naming it).
 * None is a setting of the connector itself.
 */
export const COMPOSE_SECRETS: readonly string[] = ['POSTGRES_PASSWORD', 'REDIS_PASSWORD'];

/**
 * The secrets of the profiles' services, by the script that refuses a missing one when the service starts. Compose
 * interpolates the whole file before it picks profiles: a `${VAR:?…}` here would stop every `up`, profile or not.
 */
export const PROFILE_SECRETS: Readonly<Record<string, readonly string[]>> = {
  'docker/asterisk/render-kit.sh': [
    'AMI_SECRET',
    'AMI_ORIGINATE_SECRET',
    'MTS_TRUNK_PASSWORD',
    'PHONE_101_PASSWORD',
    'PHONE_102_PASSWORD',
  ],
  'docker/monitoring/prometheus/start.sh': ['METRICS_API_KEY'],
  'docker/monitoring/grafana/start.sh': ['GRAFANA_ADMIN_PASSWORD'],
};
