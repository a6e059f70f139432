/**
 * The passwords and secrets compose.yaml requires from .env (no defaults): the stores', and the Asterisk kit's that
 * docker/asterisk/render-kit.sh writes into manager.conf and pjsip.conf. None is a setting of the connector itself.
 */
export const COMPOSE_SECRETS: readonly string[] = [
  'POSTGRES_PASSWORD',
  'REDIS_PASSWORD',
  'AMI_SECRET',
  'AMI_ORIGINATE_SECRET',
  'MTS_TRUNK_PASSWORD',
  'PHONE_101_PASSWORD',
  'PHONE_102_PASSWORD',
];
