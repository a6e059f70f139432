import type { ColumnOptions, ValueTransformer } from 'typeorm';

/** pg returns `numeric` as a string (it may not fit a double); durations in ms/1000 always do. */
const numericToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** Seconds with millisecond precision, stored exactly. */
export const numericColumn: ColumnOptions = {
  type: 'numeric',
  precision: 12,
  scale: 3,
  nullable: true,
  transformer: numericToNumber,
};
