-- CreateEnum
CREATE TYPE "MembershipRole" AS ENUM ('ADMIN');

-- CreateEnum
CREATE TYPE "UserKind" AS ENUM ('FULL', 'LIMITED');

-- CreateEnum
CREATE TYPE "IntegrationMode" AS ENUM ('AUTOMATED', 'MANUAL');

-- CreateEnum
CREATE TYPE "IntegrationStatus" AS ENUM ('PENDING', 'OK', 'ERROR', 'HELD');

-- CreateEnum
CREATE TYPE "LimitedUsersMode" AS ENUM ('NONE', 'ALL', 'QUERY');

-- CreateEnum
CREATE TYPE "LinkOrigin" AS ENUM ('AUTO', 'ADMIN', 'LIMITED');

-- CreateEnum
CREATE TYPE "ChoiceKind" AS ENUM ('NUMBER_OWNER', 'USER_NUMBER');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('SCHEDULE', 'CONFIG_CHANGE', 'MANUAL', 'SINGLE_USER', 'SETUP');

-- CreateEnum
CREATE TYPE "SyncMode" AS ENUM ('FULL', 'DELTA', 'SINGLE_USER');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED', 'HELD', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "ChangeKind" AS ENUM ('UPDATE', 'LINK', 'UNLINK', 'LIMITED_CREATE', 'LIMITED_REMOVE');

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "isSupport" BOOLEAN NOT NULL DEFAULT false,
    "entraObjectId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "accountId" TEXT NOT NULL,
    "solutionId" TEXT NOT NULL,
    "role" "MembershipRole" NOT NULL DEFAULT 'ADMIN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("accountId","solutionId")
);

-- CreateTable
CREATE TABLE "Solution" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Solution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SwitchboardUser" (
    "id" TEXT NOT NULL,
    "solutionId" TEXT NOT NULL,
    "kind" "UserKind" NOT NULL DEFAULT 'FULL',
    "displayName" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "title" TEXT,
    "department" TEXT,
    "email" TEXT,
    "location" TEXT,
    "company" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sourceIntegrationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SwitchboardUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhoneNumber" (
    "id" TEXT NOT NULL,
    "solutionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "e164" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PhoneNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Integration" (
    "id" TEXT NOT NULL,
    "solutionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mode" "IntegrationMode" NOT NULL,
    "tenantId" TEXT NOT NULL,
    "tenantGuid" TEXT,
    "clientId" TEXT,
    "clientSecretEnc" TEXT,
    "secretHint" TEXT,
    "secretExpiresAt" TIMESTAMP(3),
    "grantedRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "IntegrationStatus" NOT NULL DEFAULT 'PENDING',
    "statusCode" TEXT,
    "statusMessage" TEXT,
    "statusAt" TIMESTAMP(3),
    "setupCompletedAt" TIMESTAMP(3),
    "limitedUsersMode" "LimitedUsersMode" NOT NULL DEFAULT 'NONE',
    "limitedUsersFilter" TEXT,
    "limitedUsersSearch" TEXT,
    "configVersion" INTEGER NOT NULL DEFAULT 1,
    "syncedConfigVersion" INTEGER NOT NULL DEFAULT 0,
    "syncRequestedAt" TIMESTAMP(3),
    "lastSyncAt" TIMESTAMP(3),
    "lastFullSyncAt" TIMESTAMP(3),
    "nextSyncAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "deltaLink" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Integration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttributeMapping" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "property" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AttributeMapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryUser" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "userPrincipalName" TEXT NOT NULL,
    "displayName" TEXT,
    "accountEnabled" BOOLEAN NOT NULL,
    "mobilePhone" TEXT,
    "businessPhones" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "e164Numbers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "knownE164" JSONB NOT NULL DEFAULT '{}',
    "properties" JSONB NOT NULL DEFAULT '{}',
    "hash" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DirectoryUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Link" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "solutionId" TEXT NOT NULL,
    "switchboardUserId" TEXT NOT NULL,
    "phoneNumberId" TEXT,
    "objectId" TEXT NOT NULL,
    "origin" "LinkOrigin" NOT NULL,
    "syncEnabled" BOOLEAN NOT NULL DEFAULT true,
    "lastSyncedAt" TIMESTAMP(3),
    "lastResult" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatchChoice" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "kind" "ChoiceKind" NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchChoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "solutionId" TEXT NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "mode" "SyncMode" NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'RUNNING',
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "usersRead" INTEGER NOT NULL DEFAULT 0,
    "matched" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "cleared" INTEGER NOT NULL DEFAULT 0,
    "linked" INTEGER NOT NULL DEFAULT 0,
    "unlinked" INTEGER NOT NULL DEFAULT 0,
    "limitedAdded" INTEGER NOT NULL DEFAULT 0,
    "limitedRemoved" INTEGER NOT NULL DEFAULT 0,
    "conflicts" INTEGER NOT NULL DEFAULT 0,
    "invalidNumbers" INTEGER NOT NULL DEFAULT 0,
    "graphRequests" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "heldPlan" JSONB,
    "details" JSONB,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunChange" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "switchboardUserId" TEXT NOT NULL,
    "objectId" TEXT,
    "kind" "ChangeKind" NOT NULL,
    "fields" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "RunChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "solutionId" TEXT,
    "accountId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Account_entraObjectId_key" ON "Account"("entraObjectId");

-- CreateIndex
CREATE INDEX "Membership_solutionId_idx" ON "Membership"("solutionId");

-- CreateIndex
CREATE INDEX "SwitchboardUser_solutionId_displayName_idx" ON "SwitchboardUser"("solutionId", "displayName");

-- CreateIndex
CREATE INDEX "SwitchboardUser_solutionId_lastName_idx" ON "SwitchboardUser"("solutionId", "lastName");

-- CreateIndex
CREATE INDEX "PhoneNumber_userId_idx" ON "PhoneNumber"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "PhoneNumber_solutionId_e164_key" ON "PhoneNumber"("solutionId", "e164");

-- CreateIndex
CREATE INDEX "Integration_solutionId_idx" ON "Integration"("solutionId");

-- CreateIndex
CREATE INDEX "Integration_nextSyncAt_idx" ON "Integration"("nextSyncAt");

-- CreateIndex
CREATE UNIQUE INDEX "AttributeMapping_integrationId_property_key" ON "AttributeMapping"("integrationId", "property");

-- CreateIndex
CREATE INDEX "DirectoryUser_e164Numbers_idx" ON "DirectoryUser" USING GIN ("e164Numbers");

-- CreateIndex
CREATE UNIQUE INDEX "DirectoryUser_integrationId_objectId_key" ON "DirectoryUser"("integrationId", "objectId");

-- CreateIndex
CREATE INDEX "Link_integrationId_objectId_idx" ON "Link"("integrationId", "objectId");

-- CreateIndex
CREATE INDEX "Link_solutionId_idx" ON "Link"("solutionId");

-- CreateIndex
CREATE UNIQUE INDEX "Link_integrationId_switchboardUserId_key" ON "Link"("integrationId", "switchboardUserId");

-- CreateIndex
CREATE UNIQUE INDEX "MatchChoice_integrationId_kind_key_key" ON "MatchChoice"("integrationId", "kind", "key");

-- CreateIndex
CREATE INDEX "SyncRun_integrationId_startedAt_idx" ON "SyncRun"("integrationId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_solutionId_startedAt_idx" ON "SyncRun"("solutionId", "startedAt");

-- CreateIndex
CREATE INDEX "RunChange_runId_idx" ON "RunChange"("runId");

-- CreateIndex
CREATE INDEX "RunChange_switchboardUserId_idx" ON "RunChange"("switchboardUserId");

-- CreateIndex
CREATE INDEX "AuditEvent_solutionId_createdAt_idx" ON "AuditEvent"("solutionId", "createdAt");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_solutionId_fkey" FOREIGN KEY ("solutionId") REFERENCES "Solution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SwitchboardUser" ADD CONSTRAINT "SwitchboardUser_solutionId_fkey" FOREIGN KEY ("solutionId") REFERENCES "Solution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_solutionId_fkey" FOREIGN KEY ("solutionId") REFERENCES "Solution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_userId_fkey" FOREIGN KEY ("userId") REFERENCES "SwitchboardUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Integration" ADD CONSTRAINT "Integration_solutionId_fkey" FOREIGN KEY ("solutionId") REFERENCES "Solution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttributeMapping" ADD CONSTRAINT "AttributeMapping_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectoryUser" ADD CONSTRAINT "DirectoryUser_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_solutionId_fkey" FOREIGN KEY ("solutionId") REFERENCES "Solution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_switchboardUserId_fkey" FOREIGN KEY ("switchboardUserId") REFERENCES "SwitchboardUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_phoneNumberId_fkey" FOREIGN KEY ("phoneNumberId") REFERENCES "PhoneNumber"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchChoice" ADD CONSTRAINT "MatchChoice_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunChange" ADD CONSTRAINT "RunChange_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_solutionId_fkey" FOREIGN KEY ("solutionId") REFERENCES "Solution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
