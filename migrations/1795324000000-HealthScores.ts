import { MigrationInterface, QueryRunner } from "typeorm";

const DEFAULT_MODEL_V1 = {
  "components": [
    {
      "key": "usage-trend",
      "label": "usage trend",
      "kind": "usage-trend",
      "weight": 25,
      "parameters": {
        "minimumBaseline": 1
      },
      "curve": {
        "type": "linear",
        "points": [
          {
            "x": -50,
            "y": 0
          },
          {
            "x": -30,
            "y": 25
          },
          {
            "x": -10,
            "y": 60
          },
          {
            "x": 0,
            "y": 75
          },
          {
            "x": 10,
            "y": 85
          },
          {
            "x": 25,
            "y": 100
          }
        ]
      },
      "staleAfterDays": 7
    },
    {
      "key": "commit-pacing",
      "label": "commit pacing",
      "kind": "commit-pacing",
      "weight": 20,
      "parameters": {
        "minimumElapsedDays": 7
      },
      "curve": {
        "type": "linear",
        "points": [
          {
            "x": 50,
            "y": 0
          },
          {
            "x": 70,
            "y": 30
          },
          {
            "x": 85,
            "y": 60
          },
          {
            "x": 95,
            "y": 75
          },
          {
            "x": 100,
            "y": 85
          },
          {
            "x": 110,
            "y": 100
          }
        ]
      },
      "staleAfterDays": 7
    },
    {
      "key": "call-quality",
      "label": "call quality",
      "kind": "call-quality",
      "weight": 15,
      "parameters": {
        "joinSuccessGood": 0.99,
        "joinSuccessBad": 0.95,
        "freezeRateGood": 0.02,
        "freezeRateBad": 0.08,
        "p95LatencyGoodMs": 400,
        "p95LatencyBadMs": 1000,
        "combine": "min"
      },
      "curve": {
        "type": "linear",
        "points": [
          {
            "x": 0,
            "y": 0
          },
          {
            "x": 100,
            "y": 100
          }
        ]
      },
      "staleAfterDays": 7
    },
    {
      "key": "support",
      "label": "support",
      "kind": "support",
      "weight": 15,
      "parameters": {
        "openP1Points": 25,
        "openP2Points": 10,
        "slaBreachPoints": 15,
        "escalationPoints": 10
      },
      "curve": {
        "type": "linear",
        "points": [
          {
            "x": 0,
            "y": 100
          },
          {
            "x": 10,
            "y": 85
          },
          {
            "x": 25,
            "y": 60
          },
          {
            "x": 50,
            "y": 30
          },
          {
            "x": 100,
            "y": 0
          }
        ]
      },
      "staleAfterDays": null
    },
    {
      "key": "adoption",
      "label": "adoption",
      "kind": "adoption",
      "weight": 10,
      "parameters": {
        "minimumRelevantFeatures": 1
      },
      "curve": {
        "type": "linear",
        "points": [
          {
            "x": 0,
            "y": 0
          },
          {
            "x": 25,
            "y": 40
          },
          {
            "x": 50,
            "y": 70
          },
          {
            "x": 75,
            "y": 90
          },
          {
            "x": 100,
            "y": 100
          }
        ]
      },
      "staleAfterDays": 14
    },
    {
      "key": "sentiment",
      "label": "sentiment",
      "kind": "sentiment",
      "weight": 10,
      "parameters": {
        "fadeDays": 180,
        "decisionMakerWeight": 2,
        "decisionMakerRoles": [
          "decision-maker",
          "economic-buyer",
          "executive"
        ]
      },
      "curve": {
        "type": "linear",
        "points": [
          {
            "x": -100,
            "y": 0
          },
          {
            "x": -50,
            "y": 20
          },
          {
            "x": 0,
            "y": 60
          },
          {
            "x": 50,
            "y": 90
          },
          {
            "x": 100,
            "y": 100
          }
        ]
      },
      "staleAfterDays": null
    },
    {
      "key": "relationship",
      "label": "relationship",
      "kind": "relationship",
      "weight": 5,
      "parameters": {
        "touchpointGoodDays": 30,
        "touchpointBadDays": 90,
        "executiveSponsorShare": 0.3
      },
      "curve": {
        "type": "linear",
        "points": [
          {
            "x": 0,
            "y": 0
          },
          {
            "x": 100,
            "y": 100
          }
        ]
      },
      "staleAfterDays": null
    }
  ],
  "bands": {
    "green": 75,
    "yellow": 50
  },
  "minimumCoverage": 0.6,
  "neutralScore": 75,
  "segments": []
};

/** Health models, runs, snapshots (every run, the daily record, the current health) and overrides. */
export class HealthScores1795324000000 implements MigrationInterface {
    name = 'HealthScores1795324000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "health_models" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "version" integer NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'draft', "definition" jsonb NOT NULL, "activated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "health_models_version_check" CHECK (version >= 1), CONSTRAINT "health_models_status_check" CHECK (status IN ('draft', 'active', 'shadow', 'retired')), CONSTRAINT "health_models_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "health_models_key_version_key" ON "health_models"  ("key", "version") `);
        await queryRunner.query(`CREATE TABLE "health_overrides" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "band" text NOT NULL, "score" numeric(5,1), "reason_code" text NOT NULL, "note" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "set_by_key_id" uuid, "cleared_at" TIMESTAMP WITH TIME ZONE, "cleared_by_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "health_overrides_score_check" CHECK (score IS NULL OR (score >= 0 AND score <= 100)), CONSTRAINT "health_overrides_band_check" CHECK (band IN ('green', 'yellow', 'red')), CONSTRAINT "health_overrides_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "health_overrides_one_open_per_account" ON "health_overrides"  ("account_id") WHERE cleared_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "health_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "job_run_id" uuid, "kind" text NOT NULL, "as_of" date NOT NULL, "status" text NOT NULL DEFAULT 'running', "accounts_scored" integer NOT NULL DEFAULT '0', "error" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "health_runs_status_check" CHECK (status IN ('running', 'completed', 'failed', 'abandoned')), CONSTRAINT "health_runs_kind_check" CHECK (kind IN ('full', 'incremental', 'on_demand')), CONSTRAINT "health_runs_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "health_runs_job_run_id_idx" ON "health_runs"  ("job_run_id") `);
        await queryRunner.query(`CREATE INDEX "health_runs_as_of_idx" ON "health_runs"  ("as_of", "kind", "status") `);
        await queryRunner.query(`CREATE TABLE "account_health_current" ("account_id" uuid NOT NULL, "run_id" uuid NOT NULL, "model_id" uuid NOT NULL, "model_version" integer NOT NULL, "as_of" date NOT NULL, "score" numeric(5,1), "band" text NOT NULL, "coverage" numeric(5,4) NOT NULL, "components" jsonb NOT NULL, "drivers" jsonb NOT NULL, "change" jsonb NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_health_current_band_check" CHECK (band IN ('green', 'yellow', 'red', 'unknown')), CONSTRAINT "account_health_current_pkey" PRIMARY KEY ("account_id"))`);
        await queryRunner.query(`CREATE INDEX "account_health_current_score_idx" ON "account_health_current"  ("score", "account_id") `);
        await queryRunner.query(`CREATE INDEX "account_health_current_band_score_idx" ON "account_health_current"  ("band", "score", "account_id") `);
        await queryRunner.query(`CREATE TABLE "health_daily_scores" ("account_id" uuid NOT NULL, "day" date NOT NULL, "run_id" uuid NOT NULL, "model_id" uuid NOT NULL, "model_version" integer NOT NULL, "score" numeric(5,1), "band" text NOT NULL, "coverage" numeric(5,4) NOT NULL, "components" jsonb NOT NULL, "drivers" jsonb NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "health_daily_scores_band_check" CHECK (band IN ('green', 'yellow', 'red', 'unknown')), CONSTRAINT "health_daily_scores_pkey" PRIMARY KEY ("account_id", "day"))`);
        await queryRunner.query(`CREATE TABLE "health_scores" ("account_id" uuid NOT NULL, "run_id" uuid NOT NULL, "model_id" uuid NOT NULL, "model_version" integer NOT NULL, "official" boolean NOT NULL, "as_of" date NOT NULL, "score" numeric(5,1), "band" text NOT NULL, "coverage" numeric(5,4) NOT NULL, "components" jsonb NOT NULL, "drivers" jsonb NOT NULL, "change" jsonb, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "health_scores_band_check" CHECK (band IN ('green', 'yellow', 'red', 'unknown')), CONSTRAINT "health_scores_pkey" PRIMARY KEY ("account_id", "run_id", "model_id"))`);
        await queryRunner.query(`CREATE INDEX "health_scores_run_idx" ON "health_scores"  ("run_id", "official") `);
        await queryRunner.query(`ALTER TABLE "health_overrides" ADD CONSTRAINT "health_overrides_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "account_health_current" ADD CONSTRAINT "account_health_current_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_daily_scores" ADD CONSTRAINT "health_daily_scores_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_scores" ADD CONSTRAINT "health_scores_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_scores" ADD CONSTRAINT "health_scores_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "health_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_scores" ADD CONSTRAINT "health_scores_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "health_models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // The default model (DESIGN.md's practitioners' defaults, parameters filled in), frozen here as
        // it stood when this migration was written: later code changes must not change what v1 was.
        await queryRunner.query(
            `INSERT INTO "health_models" ("key", "version", "name", "status", "definition", "activated_at") VALUES ('default', 1, 'Default health model', 'active', $1::jsonb, now())`,
            [JSON.stringify(DEFAULT_MODEL_V1)],
        );
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "health_scores" DROP CONSTRAINT "health_scores_model_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "health_scores" DROP CONSTRAINT "health_scores_run_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "health_scores" DROP CONSTRAINT "health_scores_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "health_daily_scores" DROP CONSTRAINT "health_daily_scores_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "account_health_current" DROP CONSTRAINT "account_health_current_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "health_overrides" DROP CONSTRAINT "health_overrides_account_id_fkey"`);
        await queryRunner.query(`DROP INDEX "public"."health_scores_run_idx"`);
        await queryRunner.query(`DROP TABLE "health_scores"`);
        await queryRunner.query(`DROP TABLE "health_daily_scores"`);
        await queryRunner.query(`DROP INDEX "public"."account_health_current_band_score_idx"`);
        await queryRunner.query(`DROP INDEX "public"."account_health_current_score_idx"`);
        await queryRunner.query(`DROP TABLE "account_health_current"`);
        await queryRunner.query(`DROP INDEX "public"."health_runs_as_of_idx"`);
        await queryRunner.query(`DROP INDEX "public"."health_runs_job_run_id_idx"`);
        await queryRunner.query(`DROP TABLE "health_runs"`);
        await queryRunner.query(`DROP INDEX "public"."health_overrides_one_open_per_account"`);
        await queryRunner.query(`DROP TABLE "health_overrides"`);
        await queryRunner.query(`DROP INDEX "public"."health_models_key_version_key"`);
        await queryRunner.query(`DROP TABLE "health_models"`);
    }

}
