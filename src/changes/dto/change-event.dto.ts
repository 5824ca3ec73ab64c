import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { CategoryDto } from '../../categories/dto/category.dto';
import { ProductDto } from '../../products/dto/product.dto';
import { Role } from '../../users/role';

export class ChangeActorDto {
  @ApiProperty({ format: 'uuid', description: 'The user (or API key) that made the change' })
  id!: string;

  @ApiProperty({ example: 'admin' })
  role!: string;
}

/** What every change event carries; `data` and the `type` values depend on the resource. */
class ChangeEventBase {
  @ApiProperty({ format: 'uuid', description: 'Unique per event; webhook deliveries send it as `webhook-id`' })
  id!: string;

  @ApiProperty({ description: 'Resume the feed after this event by passing it as `after`' })
  cursor!: string;

  @ApiProperty({ example: '1842', description: 'The event’s place in the global, gap-free commit order (a decimal integer)' })
  position!: string;

  @ApiProperty({ format: 'uuid' })
  resourceId!: string;

  @ApiProperty({ type: 'integer', nullable: true, example: 3, description: 'The resource’s version after the change (its ETag’s), when it has one' })
  resourceVersion!: number | null;

  @ApiProperty({ format: 'date-time', description: 'When the change was made, just before it committed' })
  occurredAt!: string;

  @ApiProperty({ type: ChangeActorDto, nullable: true, description: 'Who made it; null for a self-registration' })
  actor!: ChangeActorDto | null;
}

export class ProductChangeEventDto extends ChangeEventBase {
  @ApiProperty({ enum: ['product.created', 'product.updated', 'product.deleted', 'product.stock_changed'] })
  type!: 'product.created' | 'product.updated' | 'product.deleted' | 'product.stock_changed';

  @ApiProperty({ enum: ['product'] })
  resourceType!: 'product';

  @ApiProperty({ type: ProductDto, description: 'The product as a GET returns it after the change; for a deletion, its last state' })
  data!: ProductDto;
}

export class CategoryChangeEventDto extends ChangeEventBase {
  @ApiProperty({ enum: ['category.created', 'category.updated', 'category.deleted'] })
  type!: 'category.created' | 'category.updated' | 'category.deleted';

  @ApiProperty({ enum: ['category'] })
  resourceType!: 'category';

  @ApiProperty({ type: CategoryDto, description: 'The category as the list returns it after the change; for a deletion, its last state' })
  data!: CategoryDto;
}

/** A user as events show it: no personal data beyond the id. */
export class UserEventDataDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: Role })
  role!: Role;

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class UserChangeEventDto extends ChangeEventBase {
  @ApiProperty({ enum: ['user.created', 'user.updated'] })
  type!: 'user.created' | 'user.updated';

  @ApiProperty({ enum: ['user'] })
  resourceType!: 'user';

  @ApiProperty({ type: UserEventDataDto })
  data!: UserEventDataDto;
}

export type ChangeEventDto = ProductChangeEventDto | CategoryChangeEventDto | UserChangeEventDto;

export const CHANGE_EVENT_MODELS = [ProductChangeEventDto, CategoryChangeEventDto, UserChangeEventDto, UserEventDataDto, ChangeActorDto];

/** One schema for any event, told apart by `resourceType`. */
export const changeEventSchema = () => ({
  oneOf: [ProductChangeEventDto, CategoryChangeEventDto, UserChangeEventDto].map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'resourceType',
    mapping: {
      product: getSchemaPath(ProductChangeEventDto),
      category: getSchemaPath(CategoryChangeEventDto),
      user: getSchemaPath(UserChangeEventDto),
    },
  },
});

export class ChangePageDto {
  @ApiProperty({ type: 'array', items: changeEventSchema(), description: 'Events in commit order' })
  data!: ChangeEventDto[];

  @ApiProperty({ description: 'Pass as `after` to read what follows; given also when `data` is empty' })
  cursor!: string;

  @ApiProperty({ description: 'Whether more events follow already (read again at once) or the consumer is up to date' })
  hasMore!: boolean;
}
