import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { CATALOG_READERS, CATALOG_WRITERS } from './catalog-roles';
import { CreateProductDto, ListProductsQueryDto, ProductPageDto, ProductResponseDto, UpdateProductDto } from './dto/product.dto';
import { ProductService } from './product.service';

const KEY_OR_ID = { name: 'keyOrId', description: 'The product\'s key or id' };

@ApiTags('catalog')
@Controller('api/v1/products')
export class ProductsController {
  constructor(private readonly products: ProductService) {}

  @Get()
  @ApiEndpoint({ summary: 'List products, by key', roles: CATALOG_READERS, status: 200, response: ProductPageDto, errors: [400] })
  async list(@Query() query: ListProductsQueryDto): Promise<ProductPageDto> {
    const page = await this.products.list(query);
    return { items: page.items.map(ProductResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':keyOrId')
  @ApiParam(KEY_OR_ID)
  @ApiEndpoint({ summary: 'Get a product line by key or id', roles: CATALOG_READERS, status: 200, response: ProductResponseDto, errors: [404] })
  async get(@Param('keyOrId') keyOrId: string): Promise<ProductResponseDto> {
    return ProductResponseDto.from(await this.products.get(keyOrId));
  }

  @Post()
  @ApiEndpoint({ summary: 'Create a product line', roles: CATALOG_WRITERS, status: 201, response: ProductResponseDto, errors: [400, 409, 413, 415] })
  @Audited({ action: 'product.create', entity: 'product' })
  async create(@Body() body: CreateProductDto): Promise<ProductResponseDto> {
    return ProductResponseDto.from(await this.products.create(body));
  }

  @Patch(':keyOrId')
  @ApiParam(KEY_OR_ID)
  @ApiEndpoint({ summary: 'Update a product line (its key stays)', roles: CATALOG_WRITERS, status: 200, response: ProductResponseDto, errors: [400, 404, 413, 415] })
  @Audited({ action: 'product.update', entity: 'product' })
  async update(@Param('keyOrId') keyOrId: string, @Body() body: UpdateProductDto): Promise<ProductResponseDto> {
    return ProductResponseDto.from(await this.products.update(keyOrId, body));
  }
}
