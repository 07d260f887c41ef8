import { ApiProperty } from '@nestjs/swagger';

export class DocumentPeriodDto {
  @ApiProperty({ example: '2026-04-01' }) from: string;
  @ApiProperty({ example: '2026-06-30' }) to: string;
}

export class DocumentSectionDto {
  @ApiProperty({ example: 'health' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String], description: 'Sentences to read aloud' }) points: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The numbers behind the points' }) data: Record<string, unknown>;
}

export class AgendaItemDto extends DocumentSectionDto {
  @ApiProperty({ description: 'Minutes of the meeting for this item; items add up to meetingMinutes' }) minutes: number;
}

export class ReviewBriefDto {
  @ApiProperty() schemaVersion: number;
  @ApiProperty({ enum: ['brief'] }) document: 'brief';
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() kind: string;
  @ApiProperty() dueDate: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) meetingAt: string | null;
  @ApiProperty({ type: DocumentPeriodDto }) period: DocumentPeriodDto;
  @ApiProperty({
    type: [DocumentSectionDto],
    description: 'health, changes, drivers, risks, commercial (commit pacing and a renewal within 180 days), recommendations, actionItems, goals; sections without data are left out',
  })
  sections: DocumentSectionDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the documents were stored; null when assembled for this read' }) generatedAt: string | null;
}

export class CustomerAgendaDto {
  @ApiProperty() schemaVersion: number;
  @ApiProperty({ enum: ['agenda'] }) document: 'agenda';
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) meetingAt: string | null;
  @ApiProperty() meetingMinutes: number;
  @ApiProperty({ type: DocumentPeriodDto }) period: DocumentPeriodDto;
  @ApiProperty({ type: [AgendaItemDto], description: 'welcome, incident, usage, quality, support, adoption (what to try next), actionItems, nextSteps; items without data are left out' })
  items: AgendaItemDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) generatedAt: string | null;
}
