<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ArchitectureView</name>
    <message>
        <source>Total: {params} parameters ({hp}), {macs} MACs ({hm}), output {shape}</source>
        <translation>合计：{params} 个参数（{hp}），{macs} 次乘加（{hm}），输出 {shape}</translation>
    </message>
    <message>
        <source>Unfold all</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <source>Fold all</source>
        <translation>全部折叠</translation>
    </message>
    <message>
        <source>Group repeats ×N</source>
        <translation>合并重复块 ×N</translation>
    </message>
    <message>
        <source>Draw runs of identical blocks as one box marked ×N</source>
        <translation>把连续的相同块画成一个标有 ×N 的框</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>乘加次数</translation>
    </message>
    <message>
        <source>Click a layer to see its hyper-parameters, shapes and output-size formula.</source>
        <translation>点击一层，查看它的超参数、形状和输出尺寸公式。</translation>
    </message>
</context>
<context>
    <name>CompareModel</name>
    <message>
        <source>Network</source>
        <extracomment>column key → (header, tooltip), English; translated in ``CompareModel.headerData``</extracomment>
        <translation>网络</translation>
    </message>
    <message>
        <source>The network and its name in the zoo</source>
        <translation>网络及其在模型库中的名称</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Channels × height × width the book feeds it</source>
        <translation>书中输入的通道数 × 高 × 宽</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Convolutional and fully connected layers (1×1 shortcuts included)</source>
        <translation>卷积层和全连接层的层数（含捷径上的 1×1 卷积）</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Learnable parameters</source>
        <translation>可学习参数的个数</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>乘加次数</translation>
    </message>
    <message>
        <source>Multiply-accumulates for one image of the input size</source>
        <translation>处理一张该输入尺寸的图像所需的乘加运算次数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>d2l&apos;s learning rate (minibatch SGD)</source>
        <translation>d2l 书中的学习率（小批量随机梯度下降）</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>d2l&apos;s number of training epochs</source>
        <translation>d2l 书中的训练轮数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>d2l&apos;s minibatch size</source>
        <translation>d2l 书中的小批量大小</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Year the idea was published</source>
        <translation>该思想发表的年份</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Every network of the chapter on its book input. Click a column to sort by it; double-click a row to see its architecture.</source>
        <translation>本章的所有网络，均使用书中的输入尺寸。点击列标题可按该列排序；双击一行可查看该网络的架构。</translation>
    </message>
</context>
<context>
    <name>Device</name>
    <message>
        <source>CUDA: %1</source>
        <translation>CUDA：%1</translation>
    </message>
    <message>
        <source>Apple MPS</source>
        <translation>Apple MPS</translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n threads)</source>
        <translation>
            <numerusform>CPU（%n 个线程）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>See convolutional networks work: the CNN chapter of &lt;i&gt;Dive into Deep Learning&lt;/i&gt;, layer by layer.</source>
        <translation>看见卷积神经网络如何工作：逐层讲解&lt;i&gt;《动手学深度学习》&lt;/i&gt;的卷积神经网络章节。</translation>
    </message>
    <message>
        <source>About cnnviz</source>
        <translation>关于 cnnviz</translation>
    </message>
</context>
<context>
    <name>LayerKind</name>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>pooling</source>
        <translation>汇聚</translation>
    </message>
    <message>
        <source>normalisation</source>
        <translation>规范化</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活</translation>
    </message>
    <message>
        <source>fully connected</source>
        <translation>全连接</translation>
    </message>
    <message>
        <source>concatenation / addition</source>
        <translation>连结 / 相加</translation>
    </message>
    <message>
        <source>reshaping</source>
        <translation>改变形状</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>暂退法</translation>
    </message>
    <message>
        <source>folded block</source>
        <translation>折叠的块</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>PyTorch could not be loaded</source>
        <translation>无法加载 PyTorch</translation>
    </message>
    <message>
        <source>PyTorch could not be loaded: %1</source>
        <extracomment>the smallest font scale and the theme of presentation mode (projectors, back rows) the picker&apos;s default width in pixels at font scale 1 (it grows with the scale) Qt-free modules the architecture view builds on, imported by the start-up worker</extracomment>
        <translation>无法加载 PyTorch：%1</translation>
    </message>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Computing the zoo…</source>
        <translation>正在计算模型库…</translation>
    </message>
    <message>
        <source>Loading torchvision…</source>
        <translation>正在加载 torchvision…</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Loading the model failed unexpectedly: %1</source>
        <translation>加载模型时发生意外错误：%1</translation>
    </message>
    <message>
        <source>%1 · input %2 · %3 parameters · %4 MACs</source>
        <translation>%1 · 输入 %2 · %3 个参数 · %4 次乘加</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Opened from outside the zoo, input %2.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;从模型库之外打开，输入 %2。</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>Shape table, CSV (*.csv)</source>
        <translation>形状表，CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose a file ending in .png, .svg or .csv, not %1.</source>
        <translation>请选择以 .png、.svg 或 .csv 结尾的文件，而不是 %1。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Stop presenting</source>
        <translation>退出演示</translation>
    </message>
    <message>
        <source>&amp;Open model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>Show a network from a Python file or torchvision</source>
        <translation>显示 Python 文件或 torchvision 中的网络</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the graph as PNG or SVG, or the shape table as CSV</source>
        <translation>把结构图保存为 PNG 或 SVG，或把形状表保存为 CSV</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom into the graph</source>
        <translation>放大结构图</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Zoom out of the graph</source>
        <translation>缩小结构图</translation>
    </message>
    <message>
        <source>&amp;Fit to window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole graph</source>
        <translation>显示整个结构图</translation>
    </message>
    <message>
        <source>Fol&amp;d all</source>
        <translation>全部折叠(&amp;D)</translation>
    </message>
    <message>
        <source>Fold every block into one box</source>
        <translation>把每个块折叠成一个框</translation>
    </message>
    <message>
        <source>&amp;Unfold all</source>
        <translation>全部展开(&amp;U)</translation>
    </message>
    <message>
        <source>Open every block to its layers</source>
        <translation>把每个块展开到各层</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>增大文字(&amp;L)</translation>
    </message>
    <message>
        <source>Make every text larger</source>
        <translation>增大所有文字</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>减小文字(&amp;S)</translation>
    </message>
    <message>
        <source>Make every text smaller</source>
        <translation>减小所有文字</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Large text, thick lines and high contrast, for a projector</source>
        <translation>大字、粗线、高对比度，适合投影仪</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;About cnnviz</source>
        <translation>关于 cnnviz(&amp;A)</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Full scr&amp;een</source>
        <translation>全屏(&amp;E)</translation>
    </message>
    <message>
        <source>A+</source>
        <translation>A+</translation>
    </message>
    <message>
        <source>A−</source>
        <translation>A−</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation>高对比度(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>The layer graph and shape table of one network</source>
        <translation>一个网络的层结构图和形状表</translation>
    </message>
    <message>
        <source>Every zoo network side by side</source>
        <translation>并排比较模型库中的所有网络</translation>
    </message>
    <message>
        <source>The device cnnviz computes on</source>
        <translation>cnnviz 用来计算的设备</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Show a network from a Python file or from torchvision (Ctrl+O)</source>
        <translation>显示 Python 文件或 torchvision 中的网络（Ctrl+O）</translation>
    </message>
    <message>
        <source>Input %1 · %2</source>
        <translation>输入 %1 · %2 年</translation>
    </message>
</context>
<context>
    <name>OpenModelDialog</name>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Python file</source>
        <translation>Python 文件</translation>
    </message>
    <message>
        <source>torchvision</source>
        <translation>torchvision</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>path/to/my_net.py</source>
        <translation>路径/my_net.py</translation>
    </message>
    <message>
        <source>MyNet or build_model</source>
        <translation>MyNet 或 build_model</translation>
    </message>
    <message>
        <source>optional, e.g. num_classes=10</source>
        <translation>可选，例如 num_classes=10</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation>参数(&amp;A)：</translation>
    </message>
    <message>
        <source>Input (C × H × W):</source>
        <translation>输入（C × H × W）：</translation>
    </message>
    <message>
        <source>&amp;Architecture:</source>
        <translation>架构(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Classes:</source>
        <translation>类别数(&amp;C)：</translation>
    </message>
    <message>
        <source>channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽</translation>
    </message>
    <message>
        <source>The model is built without weights on PyTorch&apos;s meta device: cnnviz only follows the shapes, so even very large networks open instantly.</source>
        <translation>模型在 PyTorch 的 meta 设备上构建，不含权重：cnnviz 只追踪形状，所以即使很大的网络也能立即打开。</translation>
    </message>
    <message>
        <source>Python file with a model</source>
        <translation>含有模型的 Python 文件</translation>
    </message>
    <message>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
</context>
<context>
    <name>Zoo</name>
    <message>
        <source>LeNet-5</source>
        <extracomment>zoo name → English title, in the chapter&apos;s order (the same as ``zoo.list_models()``)</extracomment>
        <translation>LeNet-5</translation>
    </message>
    <message>
        <source>LeNet with batch normalisation</source>
        <translation>带批量规范化的 LeNet</translation>
    </message>
    <message>
        <source>LeNet with from-scratch batch norm</source>
        <translation>带从零实现批量规范化的 LeNet</translation>
    </message>
    <message>
        <source>AlexNet</source>
        <translation>AlexNet</translation>
    </message>
    <message>
        <source>VGG-11</source>
        <translation>VGG-11</translation>
    </message>
    <message>
        <source>VGG-11 (¼ channels)</source>
        <translation>VGG-11（¼ 通道）</translation>
    </message>
    <message>
        <source>Network in Network (NiN)</source>
        <translation>网络中的网络（NiN）</translation>
    </message>
    <message>
        <source>GoogLeNet (Inception v1)</source>
        <translation>GoogLeNet（Inception v1）</translation>
    </message>
    <message>
        <source>ResNet-18</source>
        <translation>ResNet-18</translation>
    </message>
    <message>
        <source>DenseNet</source>
        <translation>DenseNet</translation>
    </message>
</context>
</TS>
