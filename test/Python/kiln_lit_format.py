"""The lit test format of test/Python (lit.local.cfg): every test_*
function of the test_*.py files is one lit test. In a module of its own
because lit pickles the format for its worker processes."""

import ast
import os
import subprocess
import sys

import lit.formats.base
import lit.Test


class PythonTests(lit.formats.base.TestFormat):
    def __init__(self, runner, package_dir):
        self.runner = runner
        self.package_dir = package_dir

    def getTestsInDirectory(self, testSuite, path_in_suite, litConfig,
                            localConfig):
        source_dir = testSuite.getSourcePath(path_in_suite)
        for filename in sorted(os.listdir(source_dir)):
            if not (filename.startswith("test_") and filename.endswith(".py")):
                continue
            with open(os.path.join(source_dir, filename)) as f:
                tree = ast.parse(f.read(), filename)
            for node in tree.body:
                if isinstance(node, ast.FunctionDef) and \
                        node.name.startswith("test_"):
                    yield lit.Test.Test(testSuite,
                                        path_in_suite + (filename, node.name),
                                        localConfig)

    def execute(self, test, litConfig):
        # A test file named on lit's command line runs all its functions.
        if test.path_in_suite[-1].endswith(".py"):
            filename, names = test.path_in_suite[-1], []
            source = test.suite.getSourcePath(test.path_in_suite[:-1])
        else:
            filename, name = test.path_in_suite[-2:]
            names = [name]
            source = test.suite.getSourcePath(test.path_in_suite[:-2])
        env = dict(os.environ)
        env["PYTHONPATH"] = self.package_dir
        command = ["/usr/bin/python3", self.runner,
                   os.path.join(source, filename)] + names
        result = subprocess.run(command, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        output = result.stdout.decode("utf-8", "replace")
        return (lit.Test.PASS if result.returncode == 0 else lit.Test.FAIL,
                " ".join(command) + "\n" + output)
