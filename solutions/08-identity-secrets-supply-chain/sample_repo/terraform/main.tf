resource "aws_db_instance" "labels" {
  engine   = "postgres"
  username = "labels"
  password = var.db_password
}
