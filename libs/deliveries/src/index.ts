export * from './dead-letter.service';
