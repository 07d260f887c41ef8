import { MigrationInterface, QueryRunner } from "typeorm";

export class Catalog1795319000000 implements MigrationInterface {
    name = 'Catalog1795319000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "metrics" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "name" text NOT NULL, "description" text, "unit" text NOT NULL, "aggregation" text NOT NULL, "higher_is_better" boolean NOT NULL DEFAULT true, "allow_negative" boolean NOT NULL DEFAULT false, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "metrics_key_key" UNIQUE ("key"), CONSTRAINT "metrics_kind_check" CHECK (kind IN ('usage', 'quality', 'commercial')), CONSTRAINT "metrics_aggregation_check" CHECK (aggregation IN ('sum', 'avg', 'max', 'last', 'ratio')), CONSTRAINT "PK_5283cad666a83376e28a715bf0e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "name" text NOT NULL, "description" text, "main_metric" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "products_key_key" UNIQUE ("key"), CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "features" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "product" text NOT NULL, "name" text NOT NULL, "description" text, "prerequisites" text array NOT NULL DEFAULT '{}', "eligible_segments" text array NOT NULL DEFAULT '{}', "use_cases" text array NOT NULL DEFAULT '{}', "documentation_url" text, "guide_url" text, "training_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "features_key_key" UNIQUE ("key"), CONSTRAINT "PK_5c1e336df2f4a7051e5bf08a941" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "features_product_idx" ON "features"  ("product") `);
        await queryRunner.query(`CREATE TABLE "use_cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "name" text NOT NULL, "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "use_cases_key_key" UNIQUE ("key"), CONSTRAINT "PK_9051865dd5ae654c69eced58574" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "products" ADD CONSTRAINT "products_main_metric_fkey" FOREIGN KEY ("main_metric") REFERENCES "metrics"("key") ON DELETE RESTRICT ON UPDATE CASCADE`);
        await queryRunner.query(`ALTER TABLE "features" ADD CONSTRAINT "features_product_fkey" FOREIGN KEY ("product") REFERENCES "products"("key") ON DELETE RESTRICT ON UPDATE CASCADE`);
        // Lets "features relevant to these use cases" (`use_cases && $1`) use an index.
        await queryRunner.query(`CREATE INDEX "features_use_cases_idx" ON "features" USING gin ("use_cases")`);
        // A fresh install knows the vendor's product lines, common use cases and metric definitions.
        await queryRunner.query(`INSERT INTO "metrics" ("key", "name", "description", "unit", "aggregation", "higher_is_better", "allow_negative", "kind") VALUES
            ('audio-minutes', 'Audio minutes', 'Minutes of voice calling', 'minutes', 'sum', true, false, 'usage'),
            ('video-minutes', 'Video minutes', 'Minutes of video calling', 'minutes', 'sum', true, false, 'usage'),
            ('live-streaming-minutes', 'Live-streaming minutes', 'Minutes of interactive live streaming (hosts and audience)', 'minutes', 'sum', true, false, 'usage'),
            ('peak-concurrent-users', 'Peak concurrent users', 'Highest number of users connected at once', 'users', 'max', true, false, 'usage'),
            ('messages', 'Messages', 'Real-time messages sent', 'messages', 'sum', true, false, 'usage'),
            ('conversational-ai-minutes', 'Conversational-AI minutes', 'Minutes of conversational AI agent sessions', 'minutes', 'sum', true, false, 'usage'),
            ('daily-active-users', 'Daily active users', 'Distinct users active in the day', 'users', 'avg', true, false, 'usage'),
            ('api-calls', 'API calls', 'Calls to the REST and SDK control APIs', 'calls', 'sum', true, false, 'usage'),
            ('join-success-rate', 'Join success rate', 'Successful channel joins over attempts (value / weight)', 'ratio', 'ratio', true, false, 'quality'),
            ('video-freeze-rate', 'Video freeze rate', 'Frozen video time over video time (value / weight)', 'ratio', 'ratio', false, false, 'quality'),
            ('p95-e2e-latency', 'p95 end-to-end latency', 'Daily 95th percentile of end-to-end latency; weeks average the days', 'ms', 'avg', false, false, 'quality'),
            ('packet-loss-rate', 'Packet loss', 'Lost packets over packets sent (value / weight)', 'ratio', 'ratio', false, false, 'quality'),
            ('billable-amount', 'Billable amount', 'Amount billed in the account currency (credits may be negative)', 'currency', 'sum', true, true, 'commercial')
            ON CONFLICT ("key") DO NOTHING`);
        await queryRunner.query(`INSERT INTO "products" ("key", "name", "description", "main_metric") VALUES
            ('voice-calling', 'Voice Calling', 'Real-time voice calls and audio rooms', 'audio-minutes'),
            ('video-calling', 'Video Calling', 'Real-time video calls and classes', 'video-minutes'),
            ('interactive-live-streaming', 'Interactive Live Streaming', 'Low-latency live streaming with hosts and audience', 'live-streaming-minutes'),
            ('real-time-messaging', 'Real-time Messaging', 'Signalling, chat and presence', 'messages'),
            ('conversational-ai', 'Conversational AI', 'Voice AI agents in real time', 'conversational-ai-minutes')
            ON CONFLICT ("key") DO NOTHING`);
        await queryRunner.query(`INSERT INTO "use_cases" ("key", "name", "description") VALUES
            ('one-to-one-tutoring', '1:1 tutoring', 'One teacher, one student, video and whiteboard'),
            ('large-class', 'Large class', 'One teacher streaming to hundreds of students'),
            ('live-commerce', 'Live commerce', 'Hosts selling products in a live stream'),
            ('social-audio-rooms', 'Social audio rooms', 'Drop-in voice rooms with speakers and listeners'),
            ('live-entertainment', 'Live entertainment', 'Live shows, PK battles and virtual gifting'),
            ('in-game-voice', 'In-game voice', 'Team and proximity voice chat in games'),
            ('telehealth', 'Telehealth', 'Video consultations between clinicians and patients'),
            ('ai-companion', 'AI companion', 'Voice conversations with an AI agent')
            ON CONFLICT ("key") DO NOTHING`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."features_use_cases_idx"`);
        await queryRunner.query(`ALTER TABLE "features" DROP CONSTRAINT "features_product_fkey"`);
        await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "products_main_metric_fkey"`);
        await queryRunner.query(`DROP TABLE "use_cases"`);
        await queryRunner.query(`DROP INDEX "public"."features_product_idx"`);
        await queryRunner.query(`DROP TABLE "features"`);
        await queryRunner.query(`DROP TABLE "products"`);
        await queryRunner.query(`DROP TABLE "metrics"`);
    }

}
