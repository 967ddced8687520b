"""Training and evaluating the classifier: a face, like the CLI, above `lint`.

It lints its labelled corpus (`rulehits.py`) to compute the rule columns of the feature matrix,
fits one calibrated logistic regression per category with scikit-learn (`train.py`), measures the
design by cross-validation grouped by document (`evaluate.py`), and writes the artifact that
`contractlint.model` reads at check time (`model/persist.py`).  Commands: `commands.py`.
"""
