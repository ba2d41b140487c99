"""Atbalsts: identification and support of victims of human trafficking in Latvia."""
