"""Loads PyTorch for the peer scripts with a stated thread configuration.

Debian's PyTorch does its matrix products in OpenBLAS (pthreads), which ignores torch.set_num_threads and
starts one thread per core, while torch's own OpenMP threads spin-wait between parallel regions.
  default  only torch.set_num_threads(threads): what a script gets that does nothing else
  tuned    also OPENBLAS_NUM_THREADS=threads and OMP_WAIT_POLICY=PASSIVE, set before torch is loaded
           (OpenBLAS and OpenMP read them then); variables already in the environment win
"""
import os
import sys

CONFIGS = ("default", "tuned")


def load_torch(threads, config="default"):
    """Sets the environment for `config`, imports torch, sets its thread count and returns the module."""
    if config == "tuned":
        os.environ.setdefault("OPENBLAS_NUM_THREADS", str(threads))
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch
    except ImportError:
        sys.exit("torch is not importable: install it with `apt-get install python3-torch` and run with /usr/bin/python3")
    torch.set_num_threads(threads)
    return torch
