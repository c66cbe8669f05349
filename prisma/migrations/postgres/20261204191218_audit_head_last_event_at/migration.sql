-- AlterTable
ALTER TABLE "AuditChainHead" ADD COLUMN     "lastEventAt" TIMESTAMP(3);

-- Heads written before: the time of their last event (nothing once the purge has dropped it).
UPDATE "AuditChainHead" SET "lastEventAt" = (SELECT "e"."createdAt" FROM "AuditEvent" AS "e" WHERE "e"."chain" = "AuditChainHead"."chain" AND "e"."seq" = "AuditChainHead"."seq");
