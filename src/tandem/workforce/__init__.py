"""workforce"""
