/**
 * `node --import tsx bench/shared/delay-proxy.main.ts <host> <port> <delayMs>`: a TcpDelayProxy in a process of its
 * own, so that its socket work does not share the event loop of the connector it measures. Prints its port.
 */
import { TcpDelayProxy } from '../../libs/testing/src/tcp-delay-proxy';

const [host, port, delay] = process.argv.slice(2);
void TcpDelayProxy.start(host, Number(port), Number(delay)).then((proxy) => {
  process.stdout.write(`${proxy.port}\n`);
  process.on('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
});
