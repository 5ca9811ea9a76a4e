"""The Python client the scripts share: the entry points (scripts/*.py, run by the shell
scripts beside them) import it as `spectrum_py`.

- chain:     the wasmd CLI and the local node (Chain, ChainError, ROOT, expect_error)
- txclient:  signing and broadcasting raw transactions over CometBFT RPC, without wasmd
- benchlib:  the benchmarks' accounts, growth tables and gas figures
- keys:      secp256k1 keys of the demo accounts
- encodings: the auction commitment, the Merkle tree and the packed consumer keys, the
             one Python copy of each, asserted against packages/spectrum-types/vectors.json
"""
