import { Queue } from 'bullmq';
import { loadProcessConfig } from '@app/config';
import { createDataSource, DeliveryRepository, describeDatabaseError } from '@app/persistence';
import { Elma365DeliveryProducer, type Elma365DeliveryJob, QueueName, redisConnection } from '@app/queue';
import { DeadLetterService } from '@app/deliveries';

const USAGE = `usage: npm run deliveries -- <command>
  list              dead-lettered deliveries to ELMA365, oldest first (JSON lines on stdout)
  replay <eventKey> give one dead delivery a fresh set of attempts
  replay-all        the same for every dead delivery`;

/** `npm run deliveries`: the dead-letter state, for an operator. */
async function main(argv: readonly string[]): Promise<number> {
  const [command, key] = argv;
  if (command !== 'list' && command !== 'replay-all' && !(command === 'replay' && key)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadProcessConfig();
  const dataSource = createDataSource(config.database.url, { poolSize: 1, applicationName: 'connector-deliveries' });
  try {
    await dataSource.initialize();
  } catch (error) {
    process.stderr.write(`deliveries: ${describeDatabaseError(error, config.database.url, 'connect to')}\n`);
    return 1;
  }
  const queue = new Queue<Elma365DeliveryJob>(QueueName.Elma365Delivery, {
    connection: redisConnection(config.redis.url),
  });
  const service = new DeadLetterService(new DeliveryRepository(dataSource), new Elma365DeliveryProducer(queue));
  try {
    if (command === 'list') {
      for (const dead of await service.list(1000)) process.stdout.write(`${JSON.stringify(dead)}\n`);
    } else if (command === 'replay') {
      if (!(await service.replay(key))) {
        process.stderr.write(`deliveries: no dead delivery ${key}\n`);
        return 1;
      }
      process.stderr.write(`deliveries: ${key} scheduled again\n`);
    } else {
      process.stderr.write(`deliveries: ${await service.replayAll()} delivery(ies) scheduled again\n`);
    }
    return 0;
  } finally {
    await queue.close();
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`deliveries: ${error.message}\n`);
    process.exitCode = 1;
  },
);
