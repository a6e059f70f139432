import { describeBootFailure } from './boot-failure';
import { ConfigException } from './config.exception';

describe(describeBootFailure.name, () => {
  const sut = describeBootFailure;

  it('prints a config problem without a stack trace', () => {
    const error = new ConfigException([{ variable: 'HTTP_PORT', message: 'HTTP_PORT: must be a port number 1-65535' }]);

    expect(sut(error)).toBe('Invalid configuration (1 problem):\n  - HTTP_PORT: must be a port number 1-65535');
  });

  it('prints any other error with its stack', () => {
    const error = new Error('listen EADDRINUSE: address already in use 0.0.0.0:3000');

    expect(sut(error)).toBe(error.stack);
  });

  it('prints a thrown non-error', () => {
    expect(sut('boom')).toBe('Boot failed: boom');
  });
});
