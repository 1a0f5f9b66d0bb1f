# cmake -DINPUT=file -DOUTPUT=file.inc -P KilnEmbedText.cmake
# Writes INPUT's text as a C++ raw string literal, for #include into an
# initializer.
file(READ ${INPUT} text)
file(WRITE ${OUTPUT} "R\"KILN_EMBED(${text})KILN_EMBED\"\n")
