"""The offline captioner: a decoder trained in this repo over the tagger's MobileNetV2 feature grid.

vocab (words), model (Show-Attend-Tell LSTM and a small Transformer decoder), search (greedy / beam with length
normalisation), artefact (save / load), runtime (CaptionDecoder used by the image tagger). Importing this
package loads neither torch nor a model.
"""
