#!/bin/sh
pg_dump "postgresql://backup:${PGPASSWORD}@db.internal/labels" > /backups/labels.sql
