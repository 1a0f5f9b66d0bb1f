# lit configuration that runs every GoogleTest case of the Kiln unit tests
# as its own lit test.
import os

import lit.formats

config.name = "Kiln-Unit"
config.suffixes = []
config.test_source_root = os.path.join(config.kiln_obj_root, "unittests")
config.test_exec_root = config.test_source_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
