"""nbgrader configuration of the Fashion-MNIST course (run nbgrader from this folder).

    cd exercises
    nbgrader generate_assignment fashion_mnist --force   # source/ -> release/
    nbgrader autograde fashion_mnist                     # submitted/ -> autograded/
    nbgrader generate_feedback fashion_mnist             # autograded/ -> feedback/
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "tfcert-fashion-mnist"

# The exercise trains the lesson's model: 20 epochs on 60,000 images take about 6 minutes
# on a 2-core CPU (350 s measured), all in one cell. nbgrader's default of 30 s per cell
# would stop it; one hour leaves room for a slower or busier machine.
c.Execute.timeout = 3600
# Stop each kernel at once when its notebook is done (all outputs are in by then): a
# graceful shutdown waits 2 to 3 s per notebook for TensorFlow's own teardown.
c.Execute.shutdown_kernel = "immediate"

# The stub students see where their code goes, in Korean and English.
c.ClearSolutions.code_stub = {
    "python": "# 여기에 코드를 쓰세요 / YOUR CODE HERE\nraise NotImplementedError()",
}

# Checkpoints written while trying the notebook out are not part of the assignment.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.weights.h5", "*.ckpt",
]
