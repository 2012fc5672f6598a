#!/usr/bin/env python3
"""Writes the small PyTorch exports that spikebridge-onnx's tests import (test resources).

Run by hand with Debian's python3-torch (PyTorch 1.13) and python3-onnx; never in CI. One seeded
network exercises the operators a real export holds beyond the reference models: input
normalization (Sub, Div), an unfolded BatchNormalization, Clip(0, 6), a zero Pad before an
average pooling, a grouped and dilated convolution, global average pooling, a constant Mul,
MatMul + Add and a final Softmax. It is exported at opsets 9, 11, 13 and 17 (Clip and Pad change
from attributes to inputs at 11, Squeeze at 13); PyTorch's logits (before the Softmax) are saved
beside the inputs.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

out = sys.argv[1] if len(sys.argv) > 1 else "spikebridge-onnx/src/test/resources/torch"


class OpsNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.depthwise = nn.Conv2d(4, 8, 3, padding=2, dilation=2, groups=4)
        self.bn2 = nn.BatchNorm2d(8)
        self.weight = nn.Parameter(torch.randn(8, 5) * 0.5)
        self.bias = nn.Parameter(torch.randn(5) * 0.1)

    def logits(self, x):
        x = (x - 0.5) / 0.25
        x = self.bn1(torch.relu(self.conv(x)))
        x = F.relu6(x)
        x = F.avg_pool2d(F.pad(x, (1, 1, 1, 1)), 3, stride=2)
        x = torch.relu(self.bn2(self.depthwise(x)))
        x = F.adaptive_avg_pool2d(x, 1).flatten(1) * 2.0
        return torch.matmul(x, self.weight) + self.bias

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=1)


torch.manual_seed(7)
net = OpsNet()
for bn in (net.bn1, net.bn2):
    bn.running_mean.uniform_(-0.5, 0.5)
    bn.running_var.uniform_(0.5, 2.0)
    bn.weight.data.uniform_(0.5, 1.5)
    bn.bias.data.uniform_(-0.2, 0.2)
net.eval()
x = torch.rand(6, 1, 8, 8)
os.makedirs(out, exist_ok=True)
with torch.no_grad():
    np.save(os.path.join(out, "ops.input.npy"), x.numpy())
    np.save(os.path.join(out, "ops.logits.npy"), net.logits(x).numpy())
for opset in (9, 11, 13, 17):
    torch.onnx.export(net, x, os.path.join(out, f"ops-opset{opset}.onnx"), opset_version=opset,
                      input_names=["input"], output_names=["probabilities"],
                      dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"}})
print("written to", out)
