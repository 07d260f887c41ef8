import { ValidateBy, ValidationOptions } from 'class-validator';
import { attributeErrors, isCalendarDate, isIanaTimeZone, isIsoCurrency, isMoney } from '../account-rules';

/** An IANA time zone such as Europe/Berlin. */
export const IsTimeZone = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isTimeZone', validator: { validate: isIanaTimeZone, defaultMessage: () => '$property must be an IANA time zone such as Europe/Berlin' } }, options);

/** A real calendar day `YYYY-MM-DD`. */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isCalendarDate', validator: { validate: isCalendarDate, defaultMessage: () => '$property must be a real calendar date YYYY-MM-DD' } }, options);

/** Non-negative money: a number or decimal string with at most 2 decimals and 12 integer digits. */
export const IsMoney = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isMoney', validator: { validate: isMoney, defaultMessage: () => '$property must be a non-negative amount (number or decimal string, at most 2 decimals)' } }, options);

/** An ISO 4217 currency code. */
export const IsCurrencyCode = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isCurrencyCode', validator: { validate: isIsoCurrency, defaultMessage: () => '$property must be an ISO 4217 currency code such as USD' } }, options);

/** Custom fields: string, number or boolean values only. */
export const IsAttributes = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isAttributes',
      validator: {
        validate: (value: unknown) => attributeErrors(value).length === 0,
        defaultMessage: (args) => attributeErrors(args?.value).map((error) => `${error.path} ${error.message}`).join('; ') || '$property is invalid',
      },
    },
    options,
  );
