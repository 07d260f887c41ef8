import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateIf } from 'class-validator';

/** Catalog keys are stable identifiers other records store: lowercase words joined by `-` or `_`. */
export const CATALOG_KEY_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
export const CATALOG_KEY_MAX = 100;
const NOT_A_UUID = /^(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)/;
const KEY_EXAMPLE = 'video-calling';

/** On PATCH, absent means "leave as is"; null is only accepted where the column is nullable. */
export const IsPresentNotNull = () => ValidateIf((_object, value) => value !== undefined);

export function CatalogKey(options: { example?: string; description?: string } = {}) {
  return applyDecorators(
    ApiProperty({ pattern: CATALOG_KEY_PATTERN.source, maxLength: CATALOG_KEY_MAX, example: options.example ?? KEY_EXAMPLE, description: options.description }),
    IsString(),
    MaxLength(CATALOG_KEY_MAX),
    Matches(CATALOG_KEY_PATTERN, { message: '$property must be lowercase letters and digits joined by - or _' }),
    // Routes take a key or an id in the same place, so a key may not look like an id.
    Matches(NOT_A_UUID, { message: '$property must not have the shape of a UUID' }),
  );
}

/** A required display name on create; on update (`optional`), may be left out but not nulled. */
export function DisplayName(optional = false) {
  return applyDecorators(
    optional ? ApiPropertyOptional({ maxLength: 200 }) : ApiProperty({ maxLength: 200 }),
    ...(optional ? [IsPresentNotNull()] : []),
    IsString(),
    IsNotEmpty(),
    MaxLength(200),
  );
}

export function OptionalDescription() {
  return applyDecorators(ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 }), IsOptional(), IsString(), MaxLength(2000));
}

/** A nullable reference to another catalog row by key. */
export function OptionalKeyReference(description: string, example: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, pattern: CATALOG_KEY_PATTERN.source, maxLength: CATALOG_KEY_MAX, description, example }),
    IsOptional(),
    IsString(),
    MaxLength(CATALOG_KEY_MAX),
    Matches(CATALOG_KEY_PATTERN, { message: '$property must be lowercase letters and digits joined by - or _' }),
  );
}

/** A list of distinct catalog keys; may be left out (empty on create, unchanged on update). */
export function KeyList(description: string, example: string[]) {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems: 100, uniqueItems: true, description, example }),
    IsPresentNotNull(),
    IsArray(),
    ArrayMaxSize(100),
    ArrayUnique(),
    IsString({ each: true }),
    MaxLength(CATALOG_KEY_MAX, { each: true }),
    Matches(CATALOG_KEY_PATTERN, { each: true, message: 'each value in $property must be lowercase letters and digits joined by - or _' }),
  );
}

/** An optional http(s) link; null clears it. */
export function OptionalHttpUrl(description: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: String, nullable: true, format: 'uri', maxLength: 2000, description, example: 'https://docs.example.com/video/quickstart' }),
    IsOptional(),
    IsString(),
    MaxLength(2000),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: '$property must be an http or https URL' }),
  );
}
