db_password = "S3cure-Labels-2026"
instance_class = "db.t4g.medium"
