#!/bin/sh
# Runs once, when the PostgreSQL volume is created: a role and a database for Hookwarden, and for Inngest.
# Passwords come from the environment (docker-compose.yml, from .env), passed as psql variables, never
# pasted into the SQL text.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v hookwarden_password="$HOOKWARDEN_DB_PASSWORD" -v inngest_password="$INNGEST_DB_PASSWORD" <<'SQL'
CREATE ROLE hookwarden LOGIN PASSWORD :'hookwarden_password';
CREATE DATABASE hookwarden OWNER hookwarden;
CREATE ROLE inngest LOGIN PASSWORD :'inngest_password';
CREATE DATABASE inngest OWNER inngest;
SQL
