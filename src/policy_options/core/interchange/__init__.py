"""The study in and out of other formats: spreadsheets written and read, option files
imported from a sheet.
"""
