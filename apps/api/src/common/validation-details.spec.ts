import { ValidationError } from 'class-validator';
import { validationDetails } from './validation-details';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('validationDetails', () => {
  const sut = validationDetails;

  it('names nested fields by their full path, one detail per failed constraint', () => {
    const errors = [
      error('name', { isString: 'name must be a string', isNotEmpty: 'name should not be empty' }),
      error('items', undefined, [error('0', undefined, [error('phone', { matches: 'must be an E.164 number' })])]),
    ];

    expect(sut(errors)).toEqual([
      { field: 'name', reason: 'name must be a string' },
      { field: 'name', reason: 'name should not be empty' },
      { field: 'items.0.phone', reason: 'must be an E.164 number' },
    ]);
  });
});
