"""pytorch/examples mnist/main.py's training loop, one batch per step (the `mnist-example` workload).

The upstream script (pytorch/examples f82f562, the version PyTorch 1.13 shipped with) is not in this
repository; this mirrors its `Net`, its `train()` loop and the setup in its `main()`: torch.manual_seed(1),
torchvision's MNIST with Compose([ToTensor(), Normalize((0.1307,), (0.3081,))]), a DataLoader of
batch 64 (no shuffling and no worker processes, as upstream on the CPU), Adadelta (lr 1.0) and StepLR
(gamma 0.7) stepped after each epoch. Upstream prints `loss.item()` every 10th batch (log_interval);
this reads it there too, without printing. The test pass that follows each epoch upstream is not timed.

The MNIST files come from TYPETORCH_MNIST_DIR (the coordinator points it at ../shared/datasets/mnist),
raw or .gz. torchvision wants the raw files under <root>/MNIST/raw and reads them whole when the
dataset is made, so they are unpacked into a temporary directory that is removed at once.
"""

import gzip
import os
import shutil
import tempfile

LOG_INTERVAL = 10
FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def make_net(torch):
    nn = torch.nn
    F = torch.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super(Net, self).__init__()
            self.conv1 = nn.Conv2d(1, 32, 3, 1)
            self.conv2 = nn.Conv2d(32, 64, 3, 1)
            self.dropout1 = nn.Dropout(0.25)
            self.dropout2 = nn.Dropout(0.5)
            self.fc1 = nn.Linear(9216, 128)
            self.fc2 = nn.Linear(128, 10)

        def forward(self, x):
            x = self.conv1(x)
            x = F.relu(x)
            x = self.conv2(x)
            x = F.relu(x)
            x = F.max_pool2d(x, 2)
            x = self.dropout1(x)
            x = torch.flatten(x, 1)
            x = self.fc1(x)
            x = F.relu(x)
            x = self.dropout2(x)
            x = self.fc2(x)
            output = F.log_softmax(x, dim=1)
            return output

    return Net()


def mnist_train_set(data_dir, transform):
    """torchvision's MNIST training set, read from data_dir's files (raw or .gz)."""
    from torchvision import datasets

    root = tempfile.mkdtemp(prefix="typetorch-bench-mnist-")
    try:
        raw = os.path.join(root, "MNIST", "raw")
        os.makedirs(raw)
        for name in FILES:
            source = os.path.join(data_dir, name)
            if os.path.exists(source):
                shutil.copyfile(source, os.path.join(raw, name))
            elif os.path.exists(source + ".gz"):
                with gzip.open(source + ".gz", "rb") as f, open(os.path.join(raw, name), "wb") as out:
                    shutil.copyfileobj(f, out)
            else:
                raise FileNotFoundError(name + " (or .gz) not in " + data_dir + ": set TYPETORCH_MNIST_DIR")
        return datasets.MNIST(root, train=True, download=False, transform=transform)
    finally:
        shutil.rmtree(root, ignore_errors=True)


class MnistExample:
    """Upstream's setup; step() runs one batch of its train() and returns the last loss it read."""

    def __init__(self, torch, batch_size):
        from torchvision import transforms
        from torch.optim.lr_scheduler import StepLR

        self.torch = torch
        self.F = torch.nn.functional
        data_dir = os.environ.get("TYPETORCH_MNIST_DIR")
        if not data_dir:
            raise RuntimeError("no MNIST files: set TYPETORCH_MNIST_DIR")
        torch.manual_seed(1)
        self.device = torch.device("cpu")
        transform = transforms.Compose([
            transforms.ToTensor(),
            transforms.Normalize((0.1307,), (0.3081,))
        ])
        dataset1 = mnist_train_set(data_dir, transform)
        self.train_loader = torch.utils.data.DataLoader(dataset1, batch_size=batch_size)
        self.model = make_net(torch).to(self.device)
        self.optimizer = torch.optim.Adadelta(self.model.parameters(), lr=1.0)
        self.scheduler = StepLR(self.optimizer, step_size=1, gamma=0.7)
        self.loss = float("nan")
        self.restart()

    def restart(self):
        """Starts a pass over the training set from its first batch (after the warm-up)."""
        self.model.train()
        self.batches = enumerate(self.train_loader)

    def step(self):
        try:
            batch_idx, (data, target) = next(self.batches)
        except StopIteration:  # the epoch is over: upstream's main() steps the scheduler, then trains again
            self.scheduler.step()
            self.restart()
            batch_idx, (data, target) = next(self.batches)
        data, target = data.to(self.device), target.to(self.device)
        self.optimizer.zero_grad()
        output = self.model(data)
        loss = self.F.nll_loss(output, target)
        loss.backward()
        self.optimizer.step()
        if batch_idx % LOG_INTERVAL == 0:
            self.loss = loss.item()
        return self.loss
