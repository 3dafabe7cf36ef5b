# What is wrong with a field: validation messages, shown next to the field or after its name.
