<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ArchitectureView</name>
    <message>
        <source>{network} has no block {name!r} to unfold.</source>
        <translation>{network} 没有可以展开的块 {name!r}。</translation>
    </message>
    <message>
        <source>this slide selects the layer {name!r}, which {network} does not have</source>
        <translation>这张幻灯片选择了层 {name!r}，但 {network} 没有这一层</translation>
    </message>
    <message>
        <source>{layer} has no cell ({row}, {col})</source>
        <translation>{layer} 没有单元 ({row}, {col})</translation>
    </message>
    <message>
        <source>Total: {params} parameters ({hp}), {macs} MACs ({hm}), output {shape}</source>
        <translation>合计：{params} 个参数（{hp}），{macs} 次乘加（{hm}），输出 {shape}</translation>
    </message>
    <message>
        <source>; {unused} parameters no layer uses in this forward pass</source>
        <translation>；另有 {unused} 个参数在这次前向传播中没有被任何层使用</translation>
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
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Show or hide the shape table and the layer details</source>
        <translation>显示或隐藏形状表和层的详细信息</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>Show which input pixels a cell of the selected layer depends on</source>
        <translation>显示所选层的一个单元依赖于输入中的哪些像素</translation>
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
    <name>Classroom</name>
    <message>
        <source>this slide focuses on {focus!r}, which the view does not show</source>
        <extracomment>the slide-text strip takes at most this share of the screen&apos;s width</extracomment>
        <translation>这张幻灯片聚焦于 {focus!r}，但视图中没有它</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Lessons (*.toml)</source>
        <translation>课程 (*.toml)</translation>
    </message>
    <message>
        <source>This slide could not be shown whole: %1</source>
        <translation>这张幻灯片无法完整显示：%1</translation>
    </message>
    <message>
        <source>New slide</source>
        <translation>新建幻灯片</translation>
    </message>
    <message>
        <source>Slide title:</source>
        <translation>幻灯片标题：</translation>
    </message>
    <message>
        <source>Slide text:</source>
        <translation>幻灯片正文：</translation>
    </message>
    <message>
        <source>Save lesson as</source>
        <translation>课程另存为</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Open lesson file…</source>
        <translation>打开课程文件…</translation>
    </message>
    <message>
        <source>Save current state as slide…</source>
        <translation>将当前状态保存为幻灯片…</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
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
        <translation>迭代周期数</translation>
    </message>
    <message>
        <source>d2l&apos;s number of training epochs</source>
        <translation>d2l 书中的迭代周期数</translation>
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
        <source>Choose a file ending in .png or .svg, not %1.</source>
        <extracomment>the data set whose test accuracies the chart shows: the book trains the chapter on it the table stands beside the chart when the page is at least this much wider than tall… …and the chart then gets at least this many pixels (× the font scale)</extracomment>
        <translation>请选择以 .png 或 .svg 结尾的文件，而不是 %1。</translation>
    </message>
    <message>
        <source>The chart is drawn once the networks are loaded.</source>
        <translation>网络加载完成后才会绘制图表。</translation>
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
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Every network of the chapter on its book input. Click a column to sort by it; double-click a row to see its architecture.</source>
        <translation>本章的所有网络，均使用书中的输入尺寸。点击列标题可按该列排序；双击一行可查看该网络的架构。</translation>
    </message>
    <message>
        <source>Save chart…</source>
        <translation>保存图表…</translation>
    </message>
    <message>
        <source>Save the chart as a PNG or SVG image</source>
        <translation>把图表保存为 PNG 或 SVG 图像</translation>
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
        <source>per network, log scale</source>
        <translation>各网络，对数刻度</translation>
    </message>
    <message>
        <source>Test accuracy (%)</source>
        <translation>测试精度（%）</translation>
    </message>
    <message>
        <source>Click a network to select it in the table; double-click it to see its architecture.</source>
        <translation>点击某个网络可在表中选中它；双击可查看它的架构。</translation>
    </message>
    <message>
        <source>Test accuracy: the best finished training run of each network on %1.</source>
        <translation>测试精度：每个网络在 %1 上已完成的训练运行中最好的一次。</translation>
    </message>
    <message>
        <source>Test accuracy appears here once a network has finished training on %1 (Training tab).</source>
        <translation>网络在 %1 上完成训练后（“训练”选项卡），测试精度会显示在这里。</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixWidget</name>
    <message>
        <source>True %1, predicted %2: %3 of %4 (%5 %)</source>
        <translation>真实类别 %1，预测为 %2：%4 个中有 %3 个（%5 %）</translation>
    </message>
</context>
<context>
    <name>ConvolutionLab</name>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>汇聚</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>Learn a kernel</source>
        <translation>学习卷积核</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show or hide the settings, to give the steps more room</source>
        <translation>显示或隐藏设置，给计算步骤留出更多空间</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>保存 PNG…</translation>
    </message>
    <message>
        <source>Save this view as a PNG image</source>
        <translation>把当前视图保存为 PNG 图像</translation>
    </message>
    <message>
        <source>Export steps…</source>
        <translation>导出各步…</translation>
    </message>
    <message>
        <source>Save every step as numbered PNG files or one animated GIF, for slides</source>
        <translation>把每一步保存为编号的 PNG 文件或一个 GIF 动画，便于制作幻灯片</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>&quot;max&quot; or &quot;avg&quot;</source>
        <translation>&quot;max&quot; 或 &quot;avg&quot;</translation>
    </message>
    <message>
        <source>&quot;ones&quot;, &quot;random&quot; or &quot;one&quot;</source>
        <translation>&quot;ones&quot;、&quot;random&quot; 或 &quot;one&quot;</translation>
    </message>
    <message>
        <source>&quot;train&quot; or &quot;eval&quot;: in the lab&apos;s feature maps, batch normalisation uses the batch&apos;s statistics or its running averages</source>
        <translation>&quot;train&quot; 或 &quot;eval&quot;：在实验室的特征图中，批量规范化使用小批量的统计量，或使用其移动平均</translation>
    </message>
    <message>
        <source>(did you mean {close!r}? {what}: {names})</source>
        <translation>（你是不是想写 {close!r}？{what}：{names}）</translation>
    </message>
    <message>
        <source>(it has no blocks)</source>
        <translation>（它没有块）</translation>
    </message>
    <message>
        <source>({what}: {names})</source>
        <translation>（{what}：{names}）</translation>
    </message>
    <message>
        <source>Building torchvision&apos;s {name} raised {error}.</source>
        <translation>构建 torchvision 的 {name} 时出错：{error}。</translation>
    </message>
    <message>
        <source>CIFAR-10 in {root} could not be read ({error}); delete {folder} and download it again</source>
        <translation>无法读取 {root} 中的 CIFAR-10（{error}）；请删除 {folder} 后重新下载</translation>
    </message>
    <message>
        <source>CIFAR-10 is not in {folder} ({error}); allow the download or use the embedded &apos;shapes&apos; data set</source>
        <translation>{folder} 中没有 CIFAR-10（{error}）；请允许下载，或使用内置的 &apos;shapes&apos; 数据集</translation>
    </message>
    <message>
        <source>Calling {name} from {file} raised {error}.</source>
        <translation>调用 {file} 中的 {name} 时出错：{error}。</translation>
    </message>
    <message>
        <source>Calling {name} from {file} returned a {kind}, not an nn.Module.</source>
        <translation>调用 {file} 中的 {name} 返回了 {kind}，而不是 nn.Module。</translation>
    </message>
    <message>
        <source>K has {k_in} input channels (K.shape[1]) but X has {c_in}: K must have shape (C_out, {c_in}, kh, kw).</source>
        <translation>K 有 {k_in} 个输入通道（K.shape[1]），而 X 有 {c_in} 个：K 的形状必须是 (C_out, {c_in}, kh, kw)。</translation>
    </message>
    <message>
        <source>K must be 4-D (C_out, C_in, kh, kw), got shape {shape}; add output and input channel axes for a single 2-D kernel.</source>
        <translation>K 必须是四维的 (C_out, C_in, kh, kw)，实际形状为 {shape}；单个二维卷积核需要加上输出通道和输入通道两个轴。</translation>
    </message>
    <message>
        <source>Name the function or nn.Module class in the file that builds the model.</source>
        <translation>请写出文件中构建模型的函数或 nn.Module 类的名称。</translation>
    </message>
    <message>
        <source>RGB to grey (0.299 R + 0.587 G + 0.114 B): 3 → 1 channel</source>
        <translation>RGB 转为灰度（0.299 R + 0.587 G + 0.114 B）：3 → 1 个通道</translation>
    </message>
    <message>
        <source>Running {file} raised {error}.</source>
        <translation>运行 {file} 时出错：{error}。</translation>
    </message>
    <message>
        <source>The file {file} cannot be decoded with the encoding its first lines declare ({error}); save it as UTF-8.</source>
        <translation>无法用文件 {file} 开头几行声明的编码解码它（{error}）；请把它保存为 UTF-8。</translation>
    </message>
    <message>
        <source>The file {file} cannot be read: {error}.</source>
        <translation>无法读取文件 {file}：{error}。</translation>
    </message>
    <message>
        <source>The file {file} has a syntax error on line {line}: {error}.</source>
        <translation>文件 {file} 第 {line} 行有语法错误：{error}。</translation>
    </message>
    <message>
        <source>The file {file} has a syntax error: {error}.</source>
        <translation>文件 {file} 有语法错误：{error}。</translation>
    </message>
    <message>
        <source>The file {file} has no {name!r}; it defines no model.</source>
        <translation>文件 {file} 中没有 {name!r}；它没有定义任何模型。</translation>
    </message>
    <message>
        <source>The file {file} has no {name!r}; it defines {found}.</source>
        <translation>文件 {file} 中没有 {name!r}；它定义了 {found}。</translation>
    </message>
    <message>
        <source>The file {file} is not UTF-8 text (line {line} has the byte 0x{byte:02x}); save it as UTF-8.</source>
        <translation>文件 {file} 不是 UTF-8 文本（第 {line} 行有字节 0x{byte:02x}）；请把它保存为 UTF-8。</translation>
    </message>
    <message>
        <source>The name {name!r} in {file} is of type {kind}, not an nn.Module, an nn.Module class or a function.</source>
        <translation>{file} 中的 {name!r} 的类型是 {kind}，不是 nn.Module、nn.Module 类或函数。</translation>
    </message>
    <message>
        <source>The number of classes must be at least 1, got {n}.</source>
        <translation>类别数必须至少为 1，实际为 {n}。</translation>
    </message>
    <message>
        <source>The {kh}×{kw} kernel K</source>
        <translation>{kh}×{kw} 的卷积核 K</translation>
    </message>
    <message>
        <source>The {kh}×{kw} kernel K with dilation {d}</source>
        <translation>膨胀为 {d} 的 {kh}×{kw} 卷积核 K</translation>
    </message>
    <message>
        <source>There is no file {path!r}.</source>
        <translation>没有文件 {path!r}。</translation>
    </message>
    <message>
        <source>Write the arguments as name=value pairs with plain values, like num_classes=10 (got {text!r}).</source>
        <translation>请把参数写成“名称=值”的形式，值只能是简单的字面量，例如 num_classes=10（实际为 {text!r}）。</translation>
    </message>
    <message>
        <source>X must be 3-D (C, H, W), got shape {shape}; add a channel axis for a single-channel image.</source>
        <translation>X 必须是三维的 (C, H, W)，实际形状为 {shape}；单通道图像需要加上一个通道轴。</translation>
    </message>
    <message>
        <source>X must be 3-D (C_in, H, W), got shape {shape}; add a channel axis for a single-channel image.</source>
        <translation>X 必须是三维的 (C_in, H, W)，实际形状为 {shape}；单通道图像需要加上一个通道轴。</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>a closing parenthesis is missing in {text!r}</source>
        <translation>{text!r} 缺少右括号</translation>
    </message>
    <message>
        <source>a kernel preset name, a matrix (list of rows), or one matrix per input channel</source>
        <translation>卷积核预设的名称、一个矩阵（由行组成的列表），或每个输入通道一个矩阵</translation>
    </message>
    <message>
        <source>a layer name</source>
        <translation>层的名称</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a list of block names, or &quot;all&quot;</source>
        <translation>块名称的列表，或 &quot;all&quot;</translation>
    </message>
    <message>
        <source>a list of run names (folders in the runs list) whose curves are laid over the plot; the others are taken off</source>
        <translation>运行名称的列表（运行列表中的文件夹），它们的曲线会叠加到图上；其他运行的曲线会被移除</translation>
    </message>
    <message>
        <source>a list of the numbers the text states that are not the app&apos;s state</source>
        <translation>正文中提到、但不属于应用状态的数字的列表</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a number from 0 to 1: the test accuracy the slide&apos;s run reaches at least (a test trains it and checks)</source>
        <translation>0 到 1 之间的数：这张幻灯片的训练至少达到的测试精度（由测试实际训练并检查）</translation>
    </message>
    <message>
        <source>a number from {lo:g} to {hi:g}</source>
        <translation>从 {lo:g} 到 {hi:g} 的数字</translation>
    </message>
    <message>
        <source>a number or null</source>
        <translation>数字或 null</translation>
    </message>
    <message>
        <source>a pair [row, column]: the output cell of the selected layer whose receptive field is drawn on the input</source>
        <translation>一对 [行, 列]：所选层中的一个输出单元，其感受野画在输入上</translation>
    </message>
    <message>
        <source>a positive integer</source>
        <translation>正整数</translation>
    </message>
    <message>
        <source>a positive number</source>
        <translation>正数</translation>
    </message>
    <message>
        <source>a receptive field needs the layer it belongs to (select)</source>
        <translation>感受野需要指明它所属的层（select）</translation>
    </message>
    <message>
        <source>a sample name</source>
        <translation>样本的名称</translation>
    </message>
    <message>
        <source>a table of probes and the values the text states, such as output = [[19, 25], [37, 43]] or &quot;params:total&quot; = 61706</source>
        <translation>由探针和正文所述数值组成的表，例如 output = [[19, 25], [37, 43]] 或 &quot;params:total&quot; = 61706</translation>
    </message>
    <message>
        <source>a training config must be a JSON object, not {kind}</source>
        <translation>训练配置必须是 JSON 对象，而不是{kind}</translation>
    </message>
    <message>
        <source>a zoo network name</source>
        <translation>模型库中网络的名称</translation>
    </message>
    <message>
        <source>a {shape} kernel is larger than the lab&apos;s largest, {most}×{most}</source>
        <translation>{shape} 的卷积核超过了实验室允许的最大尺寸 {most}×{most}</translation>
    </message>
    <message>
        <source>after the file comes the function or class that builds the model, such as nets.py:TinyNet (got {text!r})</source>
        <translation>文件名之后应写构建模型的函数或类，例如 nets.py:TinyNet（得到的是 {text!r}）</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>an integer (the output element) or &quot;end&quot;</source>
        <translation>整数（输出元素的序号）或 &quot;end&quot;</translation>
    </message>
    <message>
        <source>an integer from {lo} to {hi}</source>
        <translation>从 {lo} 到 {hi} 的整数</translation>
    </message>
    <message>
        <source>an integer or a pair of integers from {lo} to {hi}</source>
        <translation>从 {lo} 到 {hi} 的整数或一对整数</translation>
    </message>
    <message>
        <source>an integer or null</source>
        <translation>整数或 null</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>an unknown network</source>
        <translation>未知网络</translation>
    </message>
    <message>
        <source>autostart must be true or false.</source>
        <translation>autostart 必须是 true 或 false。</translation>
    </message>
    <message>
        <source>average drawn with the padding counted (count_include_pad=True)</source>
        <translation>平均值把填充部分也计算在内（count_include_pad=True）</translation>
    </message>
    <message>
        <source>batch normalisation in training mode, over this image and {n} others</source>
        <translation>批量规范化处于训练模式，统计范围为这张图像和另外 {n} 张图像</translation>
    </message>
    <message>
        <source>batch normalisation in training mode, over this image and {n} others (the lab&apos;s Fashion-MNIST samples; the data set is not installed)</source>
        <translation>批量规范化处于训练模式，统计范围为这张图像和另外 {n} 张图像（实验室自带的 Fashion-MNIST 样本；数据集未安装）</translation>
    </message>
    <message>
        <source>batch normalisation in training mode, over this image and {n} others from the Fashion-MNIST test set</source>
        <translation>批量规范化处于训练模式，统计范围为这张图像和 Fashion-MNIST 测试集中的另外 {n} 张图像</translation>
    </message>
    <message>
        <source>batch size must be at least 1, got {v}</source>
        <translation>批量大小必须至少为 1，实际为 {v}</translation>
    </message>
    <message>
        <source>batch size {n} must divide evenly over {world} processes</source>
        <translation>批量大小 {n} 必须能被 {world} 个进程整除</translation>
    </message>
    <message>
        <source>bias must be a finite number, not {v!r}.</source>
        <translation>bias（偏置）必须是有限的数字，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>bias must have shape ({c_out},), one value per output channel of K, got {shape}.</source>
        <translation>bias（偏置）的形状必须是 ({c_out},)，即 K 的每个输出通道一个值，实际为 {shape}。</translation>
    </message>
    <message>
        <source>bn_mode must be train or eval, not {v!r}.</source>
        <translation>bn_mode 必须是 train 或 eval，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>cannot make the folder {path}: a file is in the way</source>
        <translation>无法创建文件夹 {path}：同名文件已存在</translation>
    </message>
    <message>
        <source>cannot make the folder {path}: {reason}</source>
        <translation>无法创建文件夹 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot read lesson {name!r}: {error}</source>
        <translation>无法读取课程 {name!r}：{error}</translation>
    </message>
    <message>
        <source>cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>cannot unpack the data set into {folder}: {error}; point CNNVIZ_DATA at a folder you can write</source>
        <translation>无法把数据集解压到 {folder}：{error}；请把 CNNVIZ_DATA 指向一个你有写权限的文件夹</translation>
    </message>
    <message>
        <source>cannot unpack {file} into {folder}: {error}; point CNNVIZ_DATA at a folder with space that you can write</source>
        <translation>无法把 {file} 解压到 {folder}：{error}；请把 CNNVIZ_DATA 指向一个有剩余空间且你有写权限的文件夹</translation>
    </message>
    <message>
        <source>cannot unpack {file}: {error}; {fix}</source>
        <translation>无法解压 {file}：{error}；{fix}</translation>
    </message>
    <message>
        <source>cell ({row}, {col}) is outside the {h}×{w} output</source>
        <translation>单元 ({row}, {col}) 在 {h}×{w} 的输出之外</translation>
    </message>
    <message>
        <source>channel must be in 0 … {last}, got {v}.</source>
        <translation>通道必须在 0 … {last} 之间，实际为 {v}。</translation>
    </message>
    <message>
        <source>channels repeated: {n} → {c}</source>
        <translation>通道重复：{n} → {c}</translation>
    </message>
    <message>
        <source>dataset must be one of {names}, not {v!r}.</source>
        <translation>dataset（数据集）必须是 {names} 之一，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>delete {path} and load again (cnnviz unpacks a fresh copy)</source>
        <translation>请删除 {path} 后重新加载（cnnviz 会重新解压一份）</translation>
    </message>
    <message>
        <source>device &apos;cuda&apos; was asked for but no CUDA GPU is available; this machine has {devices} (or use auto)</source>
        <translation>指定了设备 &apos;cuda&apos;，但没有可用的 CUDA GPU；这台机器有 {devices}（或使用 auto）</translation>
    </message>
    <message>
        <source>device &apos;mps&apos; was asked for but Apple MPS is not available; use cpu</source>
        <translation>指定了设备 &apos;mps&apos;，但 Apple MPS 不可用；请使用 cpu</translation>
    </message>
    <message>
        <source>ended with exit code {code}</source>
        <translation>以退出码 {code} 结束</translation>
    </message>
    <message>
        <source>epochs must be at least 1, got {v}</source>
        <translation>迭代周期数必须至少为 1，实际为 {v}</translation>
    </message>
    <message>
        <source>every input dimension must be at least 1, got {shape}</source>
        <translation>输入的每个维度都必须至少为 1，实际为 {shape}</translation>
    </message>
    <message>
        <source>exporting to ONNX needs the onnx package: pip install onnx (or pip install &apos;cnnviz[onnx]&apos;)</source>
        <translation>导出 ONNX 需要 onnx 包：pip install onnx（或 pip install &apos;cnnviz[onnx]&apos;）</translation>
    </message>
    <message>
        <source>field must be a pair [row, column] of cells, not {v!r}.</source>
        <translation>field 必须是一对单元坐标 [行, 列]，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>grad_output must have the shape of the output {shape}, got {got}.</source>
        <translation>grad_output 的形状必须与输出的形状 {shape} 相同，实际为 {got}。</translation>
    </message>
    <message>
        <source>gradient must be one of {names}.</source>
        <translation>gradient（梯度）必须是 {names} 之一。</translation>
    </message>
    <message>
        <source>images and labels in {folder} differ in number; delete the folder</source>
        <translation>{folder} 中图像和标签的数量不一致；请删除该文件夹</translation>
    </message>
    <message>
        <source>input channels {first}–{last} of {n}: the sum over the other channels is left out</source>
        <translation>{n} 个输入通道中的第 {first}–{last} 个：其余通道上的求和被省略</translation>
    </message>
    <message>
        <source>input size must be at least 8, got {v}</source>
        <translation>输入尺寸必须至少为 8，实际为 {v}</translation>
    </message>
    <message>
        <source>it has no model weights (&apos;model&apos;)</source>
        <translation>其中没有模型权重（&apos;model&apos;）</translation>
    </message>
    <message>
        <source>it holds {kind}, not a dictionary</source>
        <translation>其中是 {kind}，而不是字典</translation>
    </message>
    <message>
        <source>its blocks</source>
        <translation>它的块</translation>
    </message>
    <message>
        <source>its layers</source>
        <translation>它的层</translation>
    </message>
    <message>
        <source>its names</source>
        <translation>它的层和块</translation>
    </message>
    <message>
        <source>k must be a step index from -1 (before the first step) to {last} (the last step), got {k!r}.</source>
        <translation>k 必须是从 -1（第一步之前）到 {last}（最后一步）的步序号，实际为 {k!r}。</translation>
    </message>
    <message>
        <source>kernel must be a matrix of numbers, or one per channel.</source>
        <translation>kernel（卷积核）必须是数字矩阵，或每个通道一个矩阵。</translation>
    </message>
    <message>
        <source>kernel rows must all have the same length and hold numbers.</source>
        <translation>kernel（卷积核）的每一行长度必须相同，且只能包含数字。</translation>
    </message>
    <message>
        <source>kernel values must be finite numbers.</source>
        <translation>kernel（卷积核）的值必须是有限的数字。</translation>
    </message>
    <message>
        <source>kernel_size {k}</source>
        <translation>kernel_size（窗口大小）{k}</translation>
    </message>
    <message>
        <source>layer &apos;{name}&apos; ({op}) failed on input {shapes}</source>
        <translation>层 &apos;{name}&apos;（{op}）在输入 {shapes} 上出错</translation>
    </message>
    <message>
        <source>layer {name!r} ({kind}) does not fit ({error})</source>
        <translation>层 {name!r}（{kind}）不匹配（{error}）</translation>
    </message>
    <message>
        <source>layer {name!r} ({op}) is not a convolution or pooling layer the stepper can replay.</source>
        <translation>层 {name!r}（{op}）不是逐步演示能够重现的卷积层或汇聚层。</translation>
    </message>
    <message>
        <source>layer {name!r} is a dilated pooling, which the stepper lacks.</source>
        <translation>层 {name!r} 是带膨胀的汇聚，逐步演示不支持。</translation>
    </message>
    <message>
        <source>layer {name!r} uses ceil_mode, which the stepper does not show.</source>
        <translation>层 {name!r} 使用了 ceil_mode，逐步演示无法显示。</translation>
    </message>
    <message>
        <source>lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>lr must be a finite number above 0, not {v!r}.</source>
        <translation>lr（学习率）必须是大于 0 的有限数字，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>mode must be &apos;max&apos; or &apos;avg&apos;, got {mode!r}.</source>
        <translation>mode 必须是 &apos;max&apos; 或 &apos;avg&apos;，实际为 {mode!r}。</translation>
    </message>
    <message>
        <source>mode must be one of {modes}, not {v!r}.</source>
        <translation>mode（模式）必须是 {modes} 之一，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>momentum must be a number from 0 to below 1, got {v}</source>
        <translation>动量必须是大于等于 0 且小于 1 的数字，实际为 {v}</translation>
    </message>
    <message>
        <source>name the function or nn.Module class in the file: {text}:NAME</source>
        <translation>请指明文件中的函数或 nn.Module 类：{text}:NAME</translation>
    </message>
    <message>
        <source>networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>no checkpoint was saved yet</source>
        <translation>还没有保存任何检查点</translation>
    </message>
    <message>
        <source>no lesson called {name!r}; shipped: {names}</source>
        <translation>没有名为 {name!r} 的课程；自带的课程有：{names}</translation>
    </message>
    <message>
        <source>no network is chosen</source>
        <translation>还没有选择网络</translation>
    </message>
    <message>
        <source>no space left on device</source>
        <translation>设备上没有剩余空间</translation>
    </message>
    <message>
        <source>no tensor</source>
        <translation>没有张量</translation>
    </message>
    <message>
        <source>not valid TOML ({error})</source>
        <translation>不是有效的 TOML（{error}）</translation>
    </message>
    <message>
        <source>nothing was written to {path}</source>
        <translation>没有写入任何内容到 {path}</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>one of {names}</source>
        <translation>以下之一：{names}</translation>
    </message>
    <message>
        <source>optimizer must be &apos;sgd&apos; or &apos;adam&apos;, got {v!r}</source>
        <translation>优化器必须是 &apos;sgd&apos; 或 &apos;adam&apos;，实际为 {v!r}</translation>
    </message>
    <message>
        <source>overlay must be a list of run names, not {v!r}.</source>
        <translation>overlay 必须是运行名称的列表，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>padding mode {mode!r} drawn as zero padding</source>
        <translation>填充模式 {mode!r} 按零填充绘制</translation>
    </message>
    <message>
        <source>padding {p} must be at most half of kernel_size {k} in each direction, i.e. at most {half} (PyTorch&apos;s rule).</source>
        <translation>填充 {p} 在每个方向上最多为 kernel_size {k} 的一半，即最多为 {half}（PyTorch 的规定）。</translation>
    </message>
    <message>
        <source>padding=&apos;same&apos; with an even kernel pads unevenly; not shown.</source>
        <translation>卷积核尺寸为偶数时，padding=&apos;same&apos; 的填充两侧不对称；无法显示。</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>pool must be &apos;max&apos; or &apos;avg&apos;, not {v!r}.</source>
        <translation>pool（汇聚方式）必须是 &apos;max&apos; 或 &apos;avg&apos;，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>receptive fields need an image input (N, C, H, W), not {shape}</source>
        <translation>感受野需要图像输入 (N, C, H, W)，而不是 {shape}</translation>
    </message>
    <message>
        <source>reinstall it with &apos;apt-get install --reinstall dataset-fashion-mnist&apos;</source>
        <translation>请用 &apos;apt-get install --reinstall dataset-fashion-mnist&apos; 重新安装</translation>
    </message>
    <message>
        <source>replace it with a fresh copy</source>
        <translation>请换成一份新的副本</translation>
    </message>
    <message>
        <source>resized {h0}×{w0} → {h}×{w}</source>
        <translation>尺寸调整：{h0}×{w0} → {h}×{w}</translation>
    </message>
    <message>
        <source>row {r} has {numbers} but row 1 has {first}; every row of a kernel needs the same length</source>
        <translation>第 {r} 行有 {numbers}，而第 1 行有 {first}；卷积核的每一行长度必须相同</translation>
    </message>
    <message>
        <source>sample {name!r} can&apos;t be read ({error})</source>
        <translation>无法读取样本 {name!r}（{error}）</translation>
    </message>
    <message>
        <source>select must be a layer&apos;s name, not {v!r}.</source>
        <translation>select 必须是层的名称，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>slide {n} has an unknown key {key!r}</source>
        <translation>第 {n} 张幻灯片有未知的键 {key!r}</translation>
    </message>
    <message>
        <source>slide {n} has an unknown key {key!r} (did you mean {close!r}?)</source>
        <translation>第 {n} 张幻灯片有未知的键 {key!r}（你是不是想写 {close!r}？）</translation>
    </message>
    <message>
        <source>slide {n} must be a [[slides]] table of keys, not {v!r}</source>
        <translation>第 {n} 张幻灯片必须是由键组成的 [[slides]] 表，而不是 {v!r}</translation>
    </message>
    <message>
        <source>slide {n} needs a {missing}</source>
        <translation>第 {n} 张幻灯片需要 {missing}</translation>
    </message>
    <message>
        <source>slide {n}: {key} must be {what}, not {v!r}</source>
        <translation>第 {n} 张幻灯片：{key} 必须是{what}，而不是 {v!r}</translation>
    </message>
    <message>
        <source>slide {n}: {key}: {problem}</source>
        <translation>第 {n} 张幻灯片：{key}：{problem}</translation>
    </message>
    <message>
        <source>step must be 0 or more, or &apos;end&apos;, not {v!r}.</source>
        <translation>step（步）必须大于等于 0，或为 &apos;end&apos;，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>test subset</source>
        <translation>测试子集</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>text or null</source>
        <translation>文本或 null</translation>
    </message>
    <message>
        <source>the GPU ran out of memory ({error}); try a smaller batch size, a smaller input size or a smaller network</source>
        <translation>GPU 内存不足（{error}）；请尝试更小的批量大小、更小的输入尺寸或更小的网络</translation>
    </message>
    <message>
        <source>the centre {h}×{w} of the {H}×{W} input (cells near the cut differ from the layer&apos;s output)</source>
        <translation>{H}×{W} 输入中央的 {h}×{w} 部分（靠近裁剪边缘的单元与该层的输出不同）</translation>
    </message>
    <message>
        <source>the checkpoint in {path} does not fit {model}: {error}</source>
        <translation>{path} 中的检查点与 {model} 不匹配：{error}</translation>
    </message>
    <message>
        <source>the checkpoint of epoch {n} is kept</source>
        <translation>第 {n} 个迭代周期的检查点已保留</translation>
    </message>
    <message>
        <source>the data folder {root} cannot be read; check its permissions</source>
        <translation>无法读取数据文件夹 {root}；请检查它的权限</translation>
    </message>
    <message>
        <source>the data folder {root} is a file; point CNNVIZ_DATA at a folder</source>
        <translation>数据文件夹 {root} 是一个文件；请把 CNNVIZ_DATA 指向一个文件夹</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>磁盘是只读的</translation>
    </message>
    <message>
        <source>the disk quota is used up</source>
        <translation>磁盘配额已用完</translation>
    </message>
    <message>
        <source>the first {c} channels kept: {n} → {c}</source>
        <translation>保留前 {c} 个通道：{n} → {c}</translation>
    </message>
    <message>
        <source>the input is too small for this network: at layer &apos;{name}&apos; ({op}) the input is {h}×{w} and the output would be {oh}×{ow} ({formula}); use a larger input size</source>
        <translation>输入对这个网络来说太小了：在层 &apos;{name}&apos;（{op}）处，输入为 {h}×{w}，输出将是 {oh}×{ow}（{formula}）；请使用更大的输入尺寸</translation>
    </message>
    <message>
        <source>the input must have at least 1 channel, got {n}</source>
        <translation>输入至少要有 1 个通道，得到的是 {n}</translation>
    </message>
    <message>
        <source>the input size must be two positive numbers H W, got {v}</source>
        <translation>输入尺寸必须是两个正数 H W，得到的是 {v}</translation>
    </message>
    <message>
        <source>the lab focuses on a step: a number or &quot;end&quot;, not {v!r}</source>
        <translation>实验室聚焦于某一步：应为数字或 &quot;end&quot;，而不是 {v!r}</translation>
    </message>
    <message>
        <source>the learning rate must be a positive number, got {v}</source>
        <translation>学习率必须是正数，实际为 {v}</translation>
    </message>
    <message>
        <source>the lesson needs a title = &quot;…&quot; at the top</source>
        <translation>课程的开头需要 title = &quot;…&quot;</translation>
    </message>
    <message>
        <source>the loss became {loss} at step {step}; try a smaller learning rate</source>
        <translation>第 {step} 步时损失变成了 {loss}；请尝试更小的学习率</translation>
    </message>
    <message>
        <source>the matrix of channel {c} is {shape} but that of channel 1 is {first}; every channel&apos;s matrix needs the same shape</source>
        <translation>通道 {c} 的矩阵是 {shape}，而通道 1 的是 {first}；每个通道的矩阵形状必须相同</translation>
    </message>
    <message>
        <source>the matrix of channel {c}: {problem}</source>
        <translation>通道 {c} 的矩阵：{problem}</translation>
    </message>
    <message>
        <source>the model failed on input {shape}</source>
        <translation>模型在输入 {shape} 上出错</translation>
    </message>
    <message>
        <source>the network failed on an input of {shape}: {error}</source>
        <translation>网络在 {shape} 的输入上出错：{error}</translation>
    </message>
    <message>
        <source>the network has no parameters to train</source>
        <translation>网络没有可训练的参数</translation>
    </message>
    <message>
        <source>the optimiser state in {path} does not fit {optimizer} on {model} ({error})</source>
        <translation>{path} 中的优化器状态与 {model} 上的 {optimizer} 不匹配（{error}）</translation>
    </message>
    <message>
        <source>the presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>the samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>the saved optimiser state has {saved} parameters in {groups} groups, the network {n}</source>
        <translation>保存的优化器状态在 {groups} 组中有 {saved} 个参数，而网络有 {n} 个</translation>
    </message>
    <message>
        <source>the saved {key} of parameter {i} has the shape {saved}, the parameter {shape}</source>
        <translation>参数 {i} 保存的 {key} 形状为 {saved}，而参数的形状为 {shape}</translation>
    </message>
    <message>
        <source>the training process ended without a final status (killed or crashed); the run can be resumed from its last checkpoint</source>
        <translation>训练进程没有写入最终状态就结束了（被终止或崩溃）；这次运行可以从最后一个检查点继续</translation>
    </message>
    <message>
        <source>the training process {how} before training began; its error is in the terminal (a script that starts training must do so under if __name__ == &apos;__main__&apos;:)</source>
        <translation>训练进程在训练开始前{how}；错误信息在终端中（启动训练的脚本必须在 if __name__ == &apos;__main__&apos;: 下启动）</translation>
    </message>
    <message>
        <source>the training process {how} without saying why; the run can be resumed from its last checkpoint</source>
        <translation>训练进程{how}，没有给出原因；这次运行可以从最后一个检查点继续</translation>
    </message>
    <message>
        <source>the training view focuses on one of {names}</source>
        <translation>训练视图聚焦于 {names} 之一</translation>
    </message>
    <message>
        <source>the {k} kernel</source>
        <translation>{k} 的卷积核</translation>
    </message>
    <message>
        <source>the {k} kernel with dilation {d}</source>
        <translation>膨胀为 {d} 的 {k} 卷积核</translation>
    </message>
    <message>
        <source>the {k} pooling window</source>
        <translation>{k} 的汇聚窗口</translation>
    </message>
    <message>
        <source>there is no device {name!r}; this machine has {devices}</source>
        <translation>没有设备 {name!r}；这台机器有 {devices}</translation>
    </message>
    <message>
        <source>there is no layer called {name!r}.</source>
        <translation>没有名为 {name!r} 的层。</translation>
    </message>
    <message>
        <source>there is no run {name!r} (cnnviz runs lists them)</source>
        <translation>没有名为 {name!r} 的运行（cnnviz runs 会列出所有运行）</translation>
    </message>
    <message>
        <source>through must be &apos;conv&apos; or &apos;pool&apos;.</source>
        <translation>through 必须是 &apos;conv&apos; 或 &apos;pool&apos;。</translation>
    </message>
    <message>
        <source>torchvision has no classification model {name!r} (did you mean {close}?).</source>
        <translation>torchvision 中没有分类模型 {name!r}（你是不是想写 {close}？）。</translation>
    </message>
    <message>
        <source>torchvision has no classification model {name!r}.</source>
        <translation>torchvision 中没有分类模型 {name!r}。</translation>
    </message>
    <message>
        <source>train subset</source>
        <translation>训练子集</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>true or false: the shape table and layer details shown beside the graph (when presented they are a drawer, closed unless the slide opens it)</source>
        <translation>true 或 false：是否在结构图旁显示形状表和层的详细信息（演示时它们在抽屉里，除非幻灯片打开它，否则是关闭的）</translation>
    </message>
    <message>
        <source>true or false: the slide&apos;s run is expected not to learn (its loss stays near ln 10)</source>
        <translation>true 或 false：预计这张幻灯片的训练学不到东西（损失停在 ln 10 附近）</translation>
    </message>
    <message>
        <source>true, false or null</source>
        <translation>true、false 或 null</translation>
    </message>
    <message>
        <source>unfold must be &apos;all&apos; or a list of blocks, not {v!r}.</source>
        <translation>unfold 必须是 &apos;all&apos; 或块的列表，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>unknown data</source>
        <translation>未知数据</translation>
    </message>
    <message>
        <source>unknown data set {name!r}; choose one of {names}</source>
        <translation>未知的数据集 {name!r}；请从 {names} 中选择</translation>
    </message>
    <message>
        <source>unknown device {name!r}; this machine has {devices} (or use auto)</source>
        <translation>未知的设备 {name!r}；这台机器有 {devices}（或使用 auto）</translation>
    </message>
    <message>
        <source>unknown kernel preset {name!r}; choose one of {names}.</source>
        <translation>未知的卷积核预设 {name!r}；请从 {names} 中选择。</translation>
    </message>
    <message>
        <source>unknown key {key!r} at the top; only title, title_zh and [[slides]] belong there</source>
        <translation>开头有未知的键 {key!r}；那里只能有 title、title_zh 和 [[slides]]</translation>
    </message>
    <message>
        <source>unknown model {name!r}: use a zoo network ({names}), torchvision:NAME or path/to/file.py:NAME</source>
        <translation>未知模型 {name!r}：请使用模型库中的网络（{names}）、torchvision:NAME 或 path/to/file.py:NAME</translation>
    </message>
    <message>
        <source>unknown sample {name!r}; choose one of {names}.</source>
        <translation>未知的样本 {name!r}；请从 {names} 中选择。</translation>
    </message>
    <message>
        <source>use a smaller kernel or dilation, or more padding</source>
        <translation>请使用更小的卷积核或膨胀，或更多的填充</translation>
    </message>
    <message>
        <source>use a smaller kernel_size or a larger input</source>
        <translation>请使用更小的 kernel_size 或更大的输入</translation>
    </message>
    <message>
        <source>use a smaller kernel_size or more padding</source>
        <translation>请使用更小的 kernel_size 或更多的填充</translation>
    </message>
    <message>
        <source>was ended by {signal}</source>
        <translation>被 {signal} 终止</translation>
    </message>
    <message>
        <source>weight decay must be a number of 0 or more, got {v}</source>
        <translation>权重衰减必须是大于等于 0 的数字，实际为 {v}</translation>
    </message>
    <message>
        <source>what the view brings into sight: a layer or block name (architecture: a block is unfolded and fills the view), a step number or &quot;end&quot; (lab; in the feature maps a layer, scrolled to the top), or curves, confusion, predictions or kernels (training)</source>
        <translation>视图要显示的内容：层或块的名称（架构视图：块会展开并填满视图）、步序号或 &quot;end&quot;（实验室；在特征图中为层名，滚动到顶部），或 curves、confusion、predictions、kernels（训练视图）</translation>
    </message>
    <message>
        <source>write a torchvision network as torchvision:NAME, such as torchvision:resnet18 (got {text!r})</source>
        <translation>torchvision 网络的写法是 torchvision:NAME，例如 torchvision:resnet18（得到的是 {text!r}）</translation>
    </message>
    <message>
        <source>writing TensorBoard logs needs the tensorboard package: pip install tensorboard (or pip install &apos;cnnviz[tensorboard]&apos;)</source>
        <translation>写入 TensorBoard 日志需要 tensorboard 包：pip install tensorboard（或 pip install &apos;cnnviz[tensorboard]&apos;）</translation>
    </message>
    <message>
        <source>your model&apos;s forward raised {error}</source>
        <translation>你的模型的 forward 出错：{error}</translation>
    </message>
    <message>
        <source>zoom must be a number from {lo} to {hi}, not {v!r}.</source>
        <translation>zoom（缩放）必须是从 {lo} 到 {hi} 的数字，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>{done} epochs</source>
        <translation>{done} 个迭代周期</translation>
    </message>
    <message>
        <source>{done} of {epochs} epochs</source>
        <translation>{done}/{epochs} 个迭代周期</translation>
    </message>
    <message>
        <source>{failed_on}: {error}</source>
        <translation>{failed_on}：{error}</translation>
    </message>
    <message>
        <source>{field} must be a whole number of at least {lo}, not {v!r}.</source>
        <translation>{field} 必须是至少为 {lo} 的整数，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>{field} must be a whole number or a pair [h, w], not {v!r}.</source>
        <translation>{field} 必须是整数或一对整数 [h, w]，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>{field} must be at least {lo}, not {v}.</source>
        <translation>{field} 必须至少为 {lo}，而不是 {v}。</translation>
    </message>
    <message>
        <source>{field} must be at most {hi} here, not {v}.</source>
        <translation>{field} 在这里最多为 {hi}，而不是 {v}。</translation>
    </message>
    <message>
        <source>{field} must be from {lo} to {hi}, not {v!r}.</source>
        <translation>{field} 必须在 {lo} 到 {hi} 之间，而不是 {v!r}。</translation>
    </message>
    <message>
        <source>{file} could not be opened: there is no such file.</source>
        <translation>无法打开 {file}：没有这个文件。</translation>
    </message>
    <message>
        <source>{file} could not be read as an image (PNG, JPEG, …): {reason}.</source>
        <translation>无法把 {file} 读作图像（PNG、JPEG 等）：{reason}。</translation>
    </message>
    <message>
        <source>{file} does not match Fashion-MNIST&apos;s checksum; {fix}</source>
        <translation>{file} 与 Fashion-MNIST 的校验和不符；{fix}</translation>
    </message>
    <message>
        <source>{file} has a label {label} ≥ {n}; corrupt</source>
        <translation>{file} 中有标签 {label} ≥ {n}；文件已损坏</translation>
    </message>
    <message>
        <source>{file} is an empty image.</source>
        <translation>{file} 是一张空图像。</translation>
    </message>
    <message>
        <source>{file} is too large to open safely: {error}</source>
        <translation>{file} 太大，无法安全打开：{error}</translation>
    </message>
    <message>
        <source>{key!r} is missing or not an integer</source>
        <translation>{key!r} 缺失或不是整数</translation>
    </message>
    <message>
        <source>{key!r} is not a dictionary</source>
        <translation>{key!r} 不是字典</translation>
    </message>
    <message>
        <source>{key!r} is not a probe; the probes are {names}</source>
        <translation>{key!r} 不是探针；可用的探针有 {names}</translation>
    </message>
    <message>
        <source>{key!r} is not an integer</source>
        <translation>{key!r} 不是整数</translation>
    </message>
    <message>
        <source>{key!r} must be {what}, not {kind} {v!r}</source>
        <translation>{key!r} 必须是{what}，而不是{kind} {v!r}</translation>
    </message>
    <message>
        <source>{kind} on a value it stored while torch.fx traced it</source>
        <translation>{kind}，出在 torch.fx 追踪时它保存的一个值上</translation>
    </message>
    <message>
        <source>{kind}: {text}</source>
        <translation>{kind}：{text}</translation>
    </message>
    <message>
        <source>{model} has no layer named {name!r}</source>
        <translation>{model} 没有名为 {name!r} 的层</translation>
    </message>
    <message>
        <source>{model} has no layer number {index}</source>
        <translation>{model} 没有编号为 {index} 的层</translation>
    </message>
    <message>
        <source>{model} on {dataset} ({progress})</source>
        <translation>{model}，数据集 {dataset}（{progress}）</translation>
    </message>
    <message>
        <source>{name!r} is neither a layer nor a block of {network} {known}</source>
        <translation>{name!r} 既不是 {network} 的层，也不是它的块{known}</translation>
    </message>
    <message>
        <source>{name!r} is not a block of {network} {known}</source>
        <translation>{name!r} 不是 {network} 的块{known}</translation>
    </message>
    <message>
        <source>{name!r} is not a kernel preset {known}</source>
        <translation>{name!r} 不是卷积核预设{known}</translation>
    </message>
    <message>
        <source>{name!r} is not a layer of {network} {known}</source>
        <translation>{name!r} 不是 {network} 的层{known}</translation>
    </message>
    <message>
        <source>{name!r} is not a sample {known}</source>
        <translation>{name!r} 不是样本{known}</translation>
    </message>
    <message>
        <source>{name!r} is not a zoo network {known}</source>
        <translation>{name!r} 不是模型库中的网络{known}</translation>
    </message>
    <message>
        <source>{name!r} is not a zoo network; it can&apos;t be rebuilt here</source>
        <translation>{name!r} 不是模型库中的网络；无法在这里重建</translation>
    </message>
    <message>
        <source>{names} or {last}</source>
        <translation>{names} 或 {last}</translation>
    </message>
    <message>
        <source>{names}, … ({n} in all)</source>
        <translation>{names}, …（共 {n} 个）</translation>
    </message>
    <message>
        <source>{name} could not be exported to ONNX: {error}</source>
        <translation>{name} 无法导出为 ONNX：{error}</translation>
    </message>
    <message>
        <source>{name} does not take {c}×{h}×{w} inputs: {where}</source>
        <translation>{name} 不接受 {c}×{h}×{w} 的输入：{where}</translation>
    </message>
    <message>
        <source>{name} does not take {c}×{h}×{w} inputs: {where}; {name} takes {bh}×{bw} inputs (--input-size {bw})</source>
        <translation>{name} 不接受 {c}×{h}×{w} 的输入：{where}；{name} 接受 {bh}×{bw} 的输入（--input-size {bw}）</translation>
    </message>
    <message>
        <source>{name} is not in {folder}; allow the download or install the Debian package dataset-fashion-mnist, or use the embedded &apos;shapes&apos; data set</source>
        <translation>{folder} 中没有 {name}；请允许下载或安装 Debian 软件包 dataset-fashion-mnist，或使用内置的 &apos;shapes&apos; 数据集</translation>
    </message>
    <message>
        <source>{name} is not in {folder}; allow the download, or use the embedded &apos;shapes&apos; data set</source>
        <translation>{folder} 中没有 {name}；请允许下载，或使用内置的 &apos;shapes&apos; 数据集</translation>
    </message>
    <message>
        <source>{name} is not in {root} and could not be downloaded ({error}); copy the files into {raw} or use the embedded &apos;shapes&apos; data set</source>
        <translation>{root} 中没有 {name}，也无法下载（{error}）；请把文件复制到 {raw}，或使用内置的 &apos;shapes&apos; 数据集</translation>
    </message>
    <message>
        <source>{name} must be a tensor or array-like of numbers ({exc}).</source>
        <translation>{name} 必须是张量或由数字组成的类数组对象（{exc}）。</translation>
    </message>
    <message>
        <source>{name} must be an int or a pair of ints (h, w), got {v!r}.</source>
        <translation>{name} 必须是整数或一对整数 (h, w)，实际为 {v!r}。</translation>
    </message>
    <message>
        <source>{name} must be at least {lo} in both directions (height, width), got {pair}.</source>
        <translation>{name} 在两个方向（高、宽）上都必须至少为 {lo}，实际为 {pair}。</translation>
    </message>
    <message>
        <source>{name} must hold real numbers, got dtype {dtype}.</source>
        <translation>{name} 必须包含实数，实际的数据类型为 {dtype}。</translation>
    </message>
    <message>
        <source>{name} must not be empty, got shape {shape}.</source>
        <translation>{name} 不能为空，实际形状为 {shape}。</translation>
    </message>
    <message>
        <source>{name} must take {c}×{h}×{w} images and put out {n} class scores to train on this data ({what}); give its builder num_classes and in_channels arguments, or choose --input-size</source>
        <translation>要在这些数据上训练，{name} 必须接受 {c}×{h}×{w} 的图像并输出 {n} 个类别的分数（{what}）；请给它的构建函数加上 num_classes 和 in_channels 参数，或选择 --input-size</translation>
    </message>
    <message>
        <source>{n} channel matrices but in_channels is {c_in} (the default); give one matrix per input channel (and in_channels = {n}), or a single matrix for every channel</source>
        <translation>有 {n} 个通道矩阵，但 in_channels 是 {c_in}（默认值）；请为每个输入通道给一个矩阵（并设 in_channels = {n}），或为所有通道给同一个矩阵</translation>
    </message>
    <message>
        <source>{n} channel matrices but in_channels is {c_in}; give one matrix per input channel (and in_channels = {n}), or a single matrix for every channel</source>
        <translation>有 {n} 个通道矩阵，但 in_channels 是 {c_in}；请为每个输入通道给一个矩阵（并设 in_channels = {n}），或为所有通道给同一个矩阵</translation>
    </message>
    <message>
        <source>{n} channel matrices, but the lab has at most {most} input channels</source>
        <translation>有 {n} 个通道矩阵，但实验室最多只有 {most} 个输入通道</translation>
    </message>
    <message>
        <source>{n} number</source>
        <translation>{n} 个数</translation>
    </message>
    <message>
        <source>{n} numbers</source>
        <translation>{n} 个数</translation>
    </message>
    <message>
        <source>{path} does not fit {model} ({error}); it is from another network</source>
        <translation>{path} 与 {model} 不匹配（{error}）；它来自另一个网络</translation>
    </message>
    <message>
        <source>{path} has no checkpoint yet; it appears after the first epoch or a stop</source>
        <translation>{path} 还没有检查点；第一个迭代周期结束或停止后才会有</translation>
    </message>
    <message>
        <source>{path} has {dims} dimensions, expected {expected}; {fix}</source>
        <translation>{path} 有 {dims} 个维度，应为 {expected} 个；{fix}</translation>
    </message>
    <message>
        <source>{path} holds a run of {run}</source>
        <translation>{path} 中已有一次运行：{run}</translation>
    </message>
    <message>
        <source>{path} holds a run of {saved}, not {model}</source>
        <translation>{path} 中的运行是 {saved} 的，而不是 {model} 的</translation>
    </message>
    <message>
        <source>{path} holds no run (no config.json)</source>
        <translation>{path} 中没有运行（没有 config.json）</translation>
    </message>
    <message>
        <source>{path} holds no run to resume</source>
        <translation>{path} 中没有可以继续的运行</translation>
    </message>
    <message>
        <source>{path} holds no run to resume; start one without resume</source>
        <translation>{path} 中没有可以继续的运行；请不加 resume 重新开始一次</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder; choose another folder</source>
        <translation>{path} 是文件，不是文件夹；请选择另一个文件夹</translation>
    </message>
    <message>
        <source>{path} is broken ({error}); delete it to start the run afresh</source>
        <translation>{path} 已损坏（{error}）；删除它即可重新开始这次运行</translation>
    </message>
    <message>
        <source>{path} is broken: {error}</source>
        <translation>{path} 已损坏：{error}</translation>
    </message>
    <message>
        <source>{path} is not a cnnviz checkpoint: {problem}</source>
        <translation>{path} 不是 cnnviz 的检查点：{problem}</translation>
    </message>
    <message>
        <source>{path} is not an IDX file of bytes (bad header); {fix}</source>
        <translation>{path} 不是字节型的 IDX 文件（文件头有误）；{fix}</translation>
    </message>
    <message>
        <source>{path} is truncated or corrupt: expected {need:,} bytes, found {found:,}; {fix}</source>
        <translation>{path} 不完整或已损坏：应有 {need:,} 字节，实际为 {found:,} 字节；{fix}</translation>
    </message>
    <message>
        <source>{path} was refused: opening it would call {names}, which could run code; cnnviz only opens checkpoints of plain weights</source>
        <translation>已拒绝打开 {path}：打开它会调用 {names}，可能执行代码；cnnviz 只打开纯权重的检查点</translation>
    </message>
    <message>
        <source>{problem} ({file}, line {line})</source>
        <translation>{problem}（{file}，第 {line} 行）</translation>
    </message>
    <message>
        <source>{problem}; {kept}</source>
        <translation>{problem}；{kept}</translation>
    </message>
    <message>
        <source>{progress}, best test acc {best:.2f}</source>
        <translation>{progress}，最佳测试精度 {best:.2f}</translation>
    </message>
    <message>
        <source>{progress}, status {status}</source>
        <translation>{progress}，状态 {status}</translation>
    </message>
    <message>
        <source>{p} is more than half the {k} pooling window; at most {half} (PyTorch&apos;s rule)</source>
        <translation>{p} 超过了 {k} 汇聚窗口的一半；最多为 {half}（PyTorch 的规定）</translation>
    </message>
    <message>
        <source>{reason} while writing {path}</source>
        <translation>写入 {path} 时{reason}</translation>
    </message>
    <message>
        <source>{what} ({flag}) must be at least 1 example, got {v}; leave it out to use them all</source>
        <translation>{what}（{flag}）必须至少有 1 个样本，实际为 {v}；不设置即使用全部样本</translation>
    </message>
    <message>
        <source>{what} spans {eh}×{ew} input cells, more than the padded input {ph}×{pw} (H + 2·padding, W + 2·padding); {advice}.</source>
        <translation>{what} 覆盖 {eh}×{ew} 个输入单元，超过了填充后的输入 {ph}×{pw}（H + 2·padding, W + 2·padding）；{advice}。</translation>
    </message>
    <message>
        <source>{what} spans {extent} cells, more than the {hw} input {name!r} padded to {padded}, so the output would be empty; {advice}</source>
        <translation>{what} 覆盖 {extent} 个单元，超过了 {hw} 的输入 {name!r} 填充后的 {padded}，输出将为空；{advice}</translation>
    </message>
    <message>
        <source>{where}: line {line}: {problem}</source>
        <translation>{where}：第 {line} 行：{problem}</translation>
    </message>
    <message>
        <source>{where}: the lesson has no slides; add at least one [[slides]] table</source>
        <translation>{where}：课程中没有幻灯片；请至少添加一个 [[slides]] 表</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}：{problem}</translation>
    </message>
</context>
<context>
    <name>CurvesPlot</name>
    <message>
        <source>Smooth loss</source>
        <translation>平滑损失</translation>
    </message>
    <message>
        <source>Draw the training loss as an exponential moving average, as TensorBoard does: each point keeps this share of the one before. The raw values stay faint behind.</source>
        <translation>像 TensorBoard 那样，用指数移动平均画出训练损失：每个点保留前一个点的这一比例。原始值淡淡地留在后面。</translation>
    </message>
    <message>
        <source>%1 (smoothed)</source>
        <translation>%1（平滑）</translation>
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
    <message>
        <source>CPU (%n threads)</source>
        <translation>CPU（%n 个线程）</translation>
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
    <name>ExportMixin</name>
    <message>
        <source>Export steps</source>
        <translation>导出各步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exporting step {k} of {n}…</source>
        <translation>正在导出第 {k} 步，共 {n} 步…</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>正在写入 {name}…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Save the lab as PNG</source>
        <translation>把实验室保存为 PNG</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>Numbered PNG files (*.png)</source>
        <translation>编号的 PNG 文件 (*.png)</translation>
    </message>
    <message>
        <source>Export every step</source>
        <translation>导出每一步</translation>
    </message>
    <message>
        <source>The first {n} steps were exported.</source>
        <translation>已导出前 {n} 步。</translation>
    </message>
</context>
<context>
    <name>FeatureMapsPanel</name>
    <message>
        <source>Colour scale</source>
        <translation>色阶</translation>
    </message>
    <message>
        <source>each channel its own</source>
        <translation>每个通道单独</translation>
    </message>
    <message>
        <source>shared by the layer</source>
        <translation>整层共用</translation>
    </message>
    <message>
        <source>Compute again</source>
        <translation>重新计算</translation>
    </message>
    <message>
        <source>click a channel to step through it</source>
        <translation>点击一个通道，逐步查看它的计算</translation>
    </message>
    <message>
        <source>click a cell to see its receptive field</source>
        <translation>点击一个单元，查看它的感受野</translation>
    </message>
    <message>
        <source>Batch norm</source>
        <translation>批量规范化</translation>
    </message>
    <message>
        <source>evaluation: running averages</source>
        <translation>评估：移动平均</translation>
    </message>
    <message>
        <source>training: this batch&apos;s statistics</source>
        <translation>训练：这一批的统计量</translation>
    </message>
    <message>
        <source>Training mode normalises each channel with the mean and standard deviation of a batch: this image and 63 Fashion-MNIST test images</source>
        <translation>训练模式用一个小批量的均值和标准差规范化每个通道：这张图像加上 63 张 Fashion-MNIST 测试图像</translation>
    </message>
    <message>
        <source>per channel over {n} values: mean {m0} … {m1}, standard deviation {s0} … {s1}</source>
        <translation>每个通道 {n} 个值：均值 {m0} … {m1}，标准差 {s0} … {s1}</translation>
    </message>
    <message>
        <source>Receptive fields</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>Click a cell of a map to see which pixels of the input and of every map before it the cell depends on</source>
        <translation>点击某张特征图的一个单元，查看它依赖于输入以及之前每张特征图中的哪些像素</translation>
    </message>
</context>
<context>
    <name>FeatureMosaic</name>
    <message>
        <source>{name} ({op}), channel {c}: {lo} … {hi}</source>
        <translation>{name}（{op}），通道 {c}：{lo} … {hi}</translation>
    </message>
</context>
<context>
    <name>FieldMaps</name>
    <message>
        <source>Select a layer.</source>
        <translation>请选择一层。</translation>
    </message>
</context>
<context>
    <name>FieldPanel</name>
    <message>
        <source>input {size}</source>
        <translation>输入 {size}</translation>
    </message>
    <message>
        <source>Select a layer to see the receptive field of its cells.</source>
        <translation>选择一层，查看其单元的感受野。</translation>
    </message>
    <message>
        <source>{layer} ({op}) has no map of cells: each of its values depends on the whole {h}×{w} image.</source>
        <translation>{layer}（{op}）没有由单元组成的特征图：它的每个值都依赖于整张 {h}×{w} 的图像。</translation>
    </message>
    <message>
        <source>Cell ({row}, {col}) of {layer} ({op}) sees rows {top}–{bottom} and columns {left}–{right} of the input: a receptive field of {fh}×{fw}, neighbouring cells {jh} pixels apart (jump), the first field starting at ({sh}, {sw}).</source>
        <translation>{layer}（{op}）的单元 ({row}, {col}) 看到输入的第 {top}–{bottom} 行和第 {left}–{right} 列：感受野为 {fh}×{fw}，相邻单元相隔 {jh} 个像素（跳距），第一个感受野从 ({sh}, {sw}) 开始。</translation>
    </message>
</context>
<context>
    <name>GraphScene</name>
    <message>
        <source>Click to fold this block</source>
        <translation>点击以折叠此块</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Input → output</source>
        <translation>输入 → 输出</translation>
    </message>
    <message>
        <source>Layers inside</source>
        <translation>包含的层数</translation>
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
        <source>Repeated</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Double-click to unfold</source>
        <translation>双击展开</translation>
    </message>
    <message>
        <source>in channels</source>
        <translation>输入通道数</translation>
    </message>
    <message>
        <source>out channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>核大小</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>膨胀</translation>
    </message>
    <message>
        <source>groups</source>
        <translation>分组数</translation>
    </message>
    <message>
        <source>in features</source>
        <translation>输入特征数</translation>
    </message>
    <message>
        <source>out features</source>
        <translation>输出特征数</translation>
    </message>
    <message>
        <source>features</source>
        <translation>特征数</translation>
    </message>
    <message>
        <source>output size</source>
        <translation>输出尺寸</translation>
    </message>
    <message>
        <source>drop probability</source>
        <translation>暂退概率</translation>
    </message>
    <message>
        <source>dim</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>eps</source>
        <translation>eps</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
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
        <source>Output size</source>
        <translation>输出尺寸</translation>
    </message>
</context>
<context>
    <name>InputSourceMixin</name>
    <message>
        <source>Random tensor</source>
        <translation>随机张量</translation>
    </message>
    <message>
        <source>Typed matrix</source>
        <translation>手动输入的矩阵</translation>
    </message>
    <message>
        <source>Opened image: {name}</source>
        <translation>打开的图像：{name}</translation>
    </message>
    <message>
        <source>Layer input: {layer}</source>
        <translation>层的输入：{layer}</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>{shape}; {licence}</source>
        <translation>{shape}；{licence}</translation>
    </message>
    <message>
        <source>{shape}; from {name}</source>
        <translation>{shape}；来自 {name}</translation>
    </message>
    <message>
        <source>{shape}; {what}</source>
        <translation>{shape}；{what}</translation>
    </message>
    <message>
        <source>{shape}; random integers 0–9</source>
        <translation>{shape}；0–9 的随机整数</translation>
    </message>
    <message>
        <source>{shape}; type numbers into the cells</source>
        <translation>{shape}；在格子里输入数字</translation>
    </message>
    <message>
        <source>RGB to one grey channel: 0.299 R + 0.587 G + 0.114 B</source>
        <translation>RGB 转为一个灰度通道：0.299 R + 0.587 G + 0.114 B</translation>
    </message>
    <message>
        <source>channels repeated: {a} → {b}</source>
        <translation>重复通道：{a} → {b}</translation>
    </message>
    <message>
        <source>first {b} of {a} channels</source>
        <translation>{a} 个通道中的前 {b} 个</translation>
    </message>
</context>
<context>
    <name>KernelSourceMixin</name>
    <message>
        <source>Random values</source>
        <translation>随机值</translation>
    </message>
    <message>
        <source>Custom (typed)</source>
        <translation>自定义（手动输入）</translation>
    </message>
    <message>
        <source>From the network</source>
        <translation>来自网络</translation>
    </message>
    <message>
        <source>Choose a network first (left).</source>
        <translation>请先在左侧选择一个网络。</translation>
    </message>
    <message>
        <source>Network {name}: loading when needed…</source>
        <translation>网络 {name}：需要时再加载…</translation>
    </message>
    <message>
        <source>trained weights</source>
        <translation>已训练的权重</translation>
    </message>
    <message>
        <source>initial weights (not trained yet)</source>
        <translation>初始权重（尚未训练）</translation>
    </message>
    <message>
        <source>Network {name}, {weights}.</source>
        <translation>网络 {name}，{weights}。</translation>
    </message>
    <message>
        <source>The layer has {n} input channels; the first {m} are shown.</source>
        <translation>该层有 {n} 个输入通道，这里只显示前 {m} 个。</translation>
    </message>
</context>
<context>
    <name>LabSettingsPanel</name>
    <message>
        <source>Input X</source>
        <translation>输入 X</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>A PNG or JPEG file, reduced to at most 64×64</source>
        <translation>PNG 或 JPEG 文件，最大缩小到 64×64</translation>
    </message>
    <message>
        <source>Input channels</source>
        <translation>输入通道数</translation>
    </message>
    <message>
        <source>Size (rows × columns)</source>
        <translation>尺寸（行 × 列）</translation>
    </message>
    <message>
        <source>New random values</source>
        <translation>重新生成随机值</translation>
    </message>
    <message>
        <source>Edit channel</source>
        <translation>编辑通道</translation>
    </message>
    <message>
        <source>Kernel K</source>
        <translation>卷积核 K</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output channel</source>
        <translation>输出通道</translation>
    </message>
    <message>
        <source>Output channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>Edit: output</source>
        <translation>编辑：输出</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Bias b</source>
        <translation>偏置 b</translation>
    </message>
    <message>
        <source>Bias of the output channel being edited</source>
        <translation>正在编辑的输出通道的偏置</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>汇聚</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>average</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Window (height × width)</source>
        <translation>窗口（高 × 宽）</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Dilation</source>
        <translation>膨胀</translation>
    </message>
    <message>
        <source>Output size ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1:</source>
        <translation>输出尺寸 ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1：</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>Through</source>
        <translation>经过</translation>
    </message>
    <message>
        <source>the convolution</source>
        <translation>卷积层</translation>
    </message>
    <message>
        <source>the pooling</source>
        <translation>汇聚层</translation>
    </message>
    <message>
        <source>Upstream gradient ∂L/∂Y</source>
        <translation>上游梯度 ∂L/∂Y</translation>
    </message>
    <message>
        <source>all ones (L = sum of Y)</source>
        <translation>全为 1（L = Y 的元素和）</translation>
    </message>
    <message>
        <source>random integers</source>
        <translation>随机整数</translation>
    </message>
    <message>
        <source>one cell</source>
        <translation>单个元素</translation>
    </message>
    <message>
        <source>Cell (c, i, j)</source>
        <translation>元素 (c, i, j)</translation>
    </message>
    <message>
        <source>Or click a cell of ∂L/∂Y on the right.</source>
        <translation>也可以点击右侧 ∂L/∂Y 中的一个元素。</translation>
    </message>
</context>
<context>
    <name>LayerKind</name>
    <message>
        <source>input</source>
        <extracomment>the smallest text in the graph (a box&apos;s shape line) is at least this many pixels high</extracomment>
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
        <translation>折叠块</translation>
    </message>
</context>
<context>
    <name>LearnKernelPanel</name>
    <message>
        <source>Input X (stripes)</source>
        <translation>输入 X（条纹）</translation>
    </message>
    <message>
        <source>Learned kernel K</source>
        <translation>学到的卷积核 K</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>prediction X ⋆ K</source>
        <translation>预测 X ⋆ K</translation>
    </message>
    <message>
        <source>target Y</source>
        <translation>目标 Y</translation>
    </message>
    <message>
        <source>‖ Pause</source>
        <translation>‖ 暂停</translation>
    </message>
    <message>
        <source>▶ Train</source>
        <translation>▶ 训练</translation>
    </message>
    <message>
        <source>Step 0 of {n}: the kernel starts random. Press Train or Step.</source>
        <translation>第 0 步（共 {n} 步）：卷积核从随机值开始。请按“训练”或“单步”。</translation>
    </message>
    <message>
        <source>Step {k} of {n}: loss {loss}, K = [{values}]</source>
        <translation>第 {k} 步（共 {n} 步）：损失 {loss}，K = [{values}]</translation>
    </message>
    <message>
        <source>Done. The target kernel is [{t}].</source>
        <translation>完成。目标卷积核是 [{t}]。</translation>
    </message>
    <message>
        <source>Target kernel</source>
        <translation>目标卷积核</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Random start</source>
        <translation>随机初值</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Seed of the kernel&apos;s random initial values</source>
        <translation>卷积核随机初始值的种子</translation>
    </message>
    <message>
        <source>The book&apos;s experiment: the stripe image X and the output Y of a known kernel are given; gradient descent on the squared error (X ⋆ K − Y)² finds K again.</source>
        <translation>书中的实验：给定条纹图像 X 和已知卷积核的输出 Y，对平方误差 (X ⋆ K − Y)² 做梯度下降，重新学出 K。</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Previous slide (←, PageUp)</source>
        <translation>上一张（←、PageUp）</translation>
    </message>
    <message>
        <source>Next slide (→, PageDown, Space)</source>
        <translation>下一张（→、PageDown、空格）</translation>
    </message>
    <message>
        <source>Save current state as slide</source>
        <translation>把当前状态保存为幻灯片</translation>
    </message>
    <message>
        <source>Append what the app shows now to the lesson file being edited</source>
        <translation>把应用当前显示的内容追加到正在编辑的课程文件中</translation>
    </message>
    <message>
        <source>Leave (Esc)</source>
        <translation>退出（Esc）</translation>
    </message>
    <message>
        <source>Leave the lesson</source>
        <translation>退出本课</translation>
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
        <extracomment>after this many milliseconds, a model still being opened shows &quot;still running…&quot; and Cancel</extracomment>
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
        <source>%1 is still running…</source>
        <translation>%1 仍在运行…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop opening this model</source>
        <translation>停止打开此模型</translation>
    </message>
    <message>
        <source>Stopped opening %1</source>
        <translation>已停止打开 %1</translation>
    </message>
    <message>
        <source>Loading the model failed unexpectedly: %1</source>
        <translation>加载模型时发生意外错误：%1</translation>
    </message>
    <message>
        <source>The convolution lab now uses the trained weights of %1</source>
        <translation>卷积实验室现在使用 %1 训练好的权重</translation>
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
        <source>Convolution lab</source>
        <translation>卷积实验室</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
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
    <name>MatrixEditor</name>
    <message>
        <source>“{typed}” is not a finite number, so cell ({i}, {j}) keeps {old}.</source>
        <extracomment>keys that step the lab; editors keep the ones they need for editing</extracomment>
        <translation>“{typed}”不是有限数，单元格 ({i}, {j}) 保持为 {old}。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Loading…</source>
        <extracomment>zoo name → English title, in the chapter&apos;s order (read from the torch-free catalog)</extracomment>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Opened before</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>Networks you opened from files and torchvision: pick one to open it again</source>
        <translation>从文件和 torchvision 打开过的网络：选择一个即可再次打开</translation>
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
    <name>NetworkMixin</name>
    <message>
        <source>Choose a network to see its feature maps.</source>
        <translation>选择一个网络，查看它的特征图。</translation>
    </message>
    <message>
        <source>Computing the feature maps of {name}…</source>
        <translation>正在计算 {name} 的特征图…</translation>
    </message>
    <message>
        <source>The feature maps failed: {message}</source>
        <translation>特征图计算失败：{message}</translation>
    </message>
    <message>
        <source>trained weights</source>
        <translation>已训练的权重</translation>
    </message>
    <message>
        <source>initial weights, not trained</source>
        <translation>初始权重，未训练</translation>
    </message>
    <message>
        <source>{name} ({weights}): {n} layers in {ms} ms. Click a channel of a convolution or pooling layer to step through it.</source>
        <translation>{name}（{weights}）：{n} 层，用时 {ms} 毫秒。点击卷积层或汇聚层的一个通道，可逐步查看它的计算。</translation>
    </message>
    <message>
        <source>Input: {notes}.</source>
        <translation>输入：{notes}。</translation>
    </message>
    <message>
        <source>output channel {c}</source>
        <translation>输出通道 {c}</translation>
    </message>
    <message>
        <source>channel {c}</source>
        <translation>通道 {c}</translation>
    </message>
    <message>
        <source>layer {name} ({op}), {what}</source>
        <translation>层 {name}（{op}），{what}</translation>
    </message>
    <message>
        <source>The whole computation: the output equals the layer&apos;s feature map.</source>
        <translation>完整的计算：输出与该层的特征图相同。</translation>
    </message>
    <message>
        <source>Reduced: {notes}.</source>
        <translation>已缩减：{notes}。</translation>
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
    <name>ProgressPanel</name>
    <message>
        <source>No run yet: press Train, or open a run.</source>
        <translation>还没有运行：请按“训练”，或打开一次运行。</translation>
    </message>
    <message>
        <source>%1 — epoch %2 of %3</source>
        <translation>%1 — 第 %2 个迭代周期（共 %3 个）</translation>
    </message>
    <message>
        <source>Epoch %1 of %2: %3 %</source>
        <translation>第 %1 个迭代周期（共 %2 个）：%3 %</translation>
    </message>
    <message>
        <source>%1 examples/s</source>
        <translation>%1 个样本/秒</translation>
    </message>
    <message>
        <source>loading the data set…</source>
        <translation>正在加载数据集…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>estimating…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Best test acc.</source>
        <translation>最佳测试精度</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Use these weights</source>
        <translation>使用这些权重</translation>
    </message>
    <message>
        <source>Send the trained network (latest checkpoint) to the convolution lab.</source>
        <translation>把训练好的网络（最新的检查点）发送到卷积实验室。</translation>
    </message>
</context>
<context>
    <name>RecipeForm</name>
    <message>
        <source>Network: %1</source>
        <translation>网络：%1</translation>
    </message>
    <message>
        <source>Images are resized to %1×%1 for this network.</source>
        <translation>对于这个网络，图像会被缩放到 %1×%1。</translation>
    </message>
    <message>
        <source>Pick a network in the list, or open one from a file or torchvision, to train it.</source>
        <translation>在列表中选择一个网络，或从文件、torchvision 打开一个网络，即可训练它。</translation>
    </message>
    <message>
        <source>Recipe (the book&apos;s, editable)</source>
        <translation>训练配置（书中的，可修改）</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>训练配置</translation>
    </message>
    <message>
        <source>Reset to the defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>迭代周期数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Training examples</source>
        <translation>训练样本数</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Use only the first N training examples (quick runs).</source>
        <translation>只使用前 N 个训练样本（用于快速运行）。</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Apple MPS</source>
        <translation>Apple MPS</translation>
    </message>
    <message>
        <source>%1 (not available)</source>
        <translation>%1（不可用）</translation>
    </message>
    <message>
        <source>Reset to the book&apos;s recipe</source>
        <translation>恢复书中的配置</translation>
    </message>
    <message>
        <source>TensorBoard logs</source>
        <translation>TensorBoard 日志</translation>
    </message>
    <message>
        <source>Also write the curves as TensorBoard event files, in the run&apos;s folder under tensorboard/ (tensorboard --logdir FOLDER shows them)</source>
        <translation>同时把曲线写成 TensorBoard 事件文件，放在该运行文件夹的 tensorboard/ 下（用 tensorboard --logdir 文件夹 查看）</translation>
    </message>
</context>
<context>
    <name>ResultTabs</name>
    <message>
        <source>No checkpoint yet: results appear after the first epoch (or a stop).</source>
        <translation>还没有检查点：第一个迭代周期结束（或停止）后才会显示结果。</translation>
    </message>
    <message>
        <source>Evaluating the latest checkpoint on the test set…</source>
        <translation>正在测试集上评估最新的检查点…</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>true: %1</source>
        <translation>真实：%1</translation>
    </message>
    <message>
        <source>predicted: %1</source>
        <translation>预测：%1</translation>
    </message>
    <message>
        <source>Open or train a run to see what the network learned.</source>
        <translation>打开或训练一次运行，看看网络学到了什么。</translation>
    </message>
    <message>
        <source>checkpoint after epoch %1</source>
        <translation>第 %1 个迭代周期后的检查点</translation>
    </message>
    <message>
        <source>Accuracy %1 % on %2 test images (%3). Rows: true class; columns: predicted class; colour: share of the row.</source>
        <translation>在 %2 张测试图像上的精度为 %1 %（%3）。行：真实类别；列：预测类别；颜色：占该行的比例。</translation>
    </message>
    <message>
        <source>The first %1 test images, %2 of them misclassified (marked ✗). Click one to see it large with the probability of every class.</source>
        <translation>前 %1 张测试图像，其中 %2 张分类错误（标有 ✗）。点击一张可查看大图及每个类别的概率。</translation>
    </message>
    <message>
        <source>This network has no convolution.</source>
        <translation>这个网络没有卷积层。</translation>
    </message>
    <message>
        <source>colours: the three input channels</source>
        <translation>颜色：三个输入通道</translation>
    </message>
    <message>
        <source>red: positive weights, blue: negative</source>
        <translation>红色：正权重，蓝色：负权重</translation>
    </message>
    <message>
        <source>First convolution (layer &apos;%1&apos;): %2 kernels of %3×%4×%5 — %6 (%7).</source>
        <translation>第一个卷积层（层“%1”）：%2 个 %3×%4×%5 的卷积核 — %6（%7）。</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>First-layer kernels</source>
        <translation>第一层卷积核</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>train acc</source>
        <translation>训练精度</translation>
    </message>
    <message>
        <source>test acc</source>
        <translation>测试精度</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
</context>
<context>
    <name>RunsBox</name>
    <message>
        <source>Runs (tick to overlay)</source>
        <extracomment>runs the list asks room for (a slide asks to tick two and compare them); when the window is too short for them it still shrinks, down to Qt&apos;s minimum of a scroll area</extracomment>
        <translation>运行（勾选以叠加）</translation>
    </message>
    <message>
        <source>Tick a run to lay its curves over the plot</source>
        <translation>勾选一次运行，把它的曲线叠加到图上</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Best test acc.</source>
        <translation>最佳测试精度</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue a stopped or failed run from its checkpoint.</source>
        <translation>从检查点继续已停止或失败的运行。</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save the selected run&apos;s metrics as CSV, one row per record, for a spreadsheet</source>
        <translation>把所选运行的指标保存为 CSV，每条记录一行，可用电子表格打开</translation>
    </message>
    <message>
        <source>Open run folder…</source>
        <translation>打开运行文件夹…</translation>
    </message>
    <message>
        <source>Follow a run that &apos;cnnviz train --run-dir DIR&apos; writes, here or on another machine.</source>
        <translation>跟踪由“cnnviz train --run-dir DIR”写入的运行，无论它在本机还是另一台机器上。</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The metrics could not be saved: %1</source>
        <translation>无法保存指标：%1</translation>
    </message>
</context>
<context>
    <name>StepText</name>
    <message>
        <source>Before the first step (0 of {n})</source>
        <translation>第一步之前（第 0 步，共 {n} 步）</translation>
    </message>
    <message>
        <source>Step {k} of {n}: output {where}</source>
        <translation>第 {k} 步（共 {n} 步）：输出 {where}</translation>
    </message>
    <message>
        <source> — done</source>
        <translation> — 完成</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>{what} of {n} window values = {v}</source>
        <translation>窗口中 {n} 个值的{what} = {v}</translation>
    </message>
    <message>
        <source>{n} products (window {kh}×{kw}, {c} channel(s)) add up to {v}</source>
        <translation>{n} 个乘积（窗口 {kh}×{kw}，{c} 个通道）之和为 {v}</translation>
    </message>
    <message>
        <source> (bias {b} included)</source>
        <translation>（含偏置 {b}）</translation>
    </message>
    <message>
        <source>channel {c}: {terms} = {s}</source>
        <translation>通道 {c}：{terms} = {s}</translation>
    </message>
    <message>
        <source>sum: {terms} = {v}</source>
        <translation>求和：{terms} = {v}</translation>
    </message>
    <message>
        <source>∂L/∂Y{where} = {g} flows back through the kernel: each window cell receives {g} × its weight</source>
        <translation>∂L/∂Y{where} = {g} 经卷积核反向传回：窗口中每个元素得到 {g} × 其对应的权重</translation>
    </message>
    <message>
        <source>Max pooling: all of ∂L/∂Y{where} = {g} goes to the window&apos;s winner X{pos} = {x}; the other cells get 0</source>
        <translation>最大汇聚：∂L/∂Y{where} = {g} 全部传给窗口中的最大值 X{pos} = {x}；其他元素得到 0</translation>
    </message>
    <message>
        <source>Average pooling: ∂L/∂Y{where} = {g} is shared by the {n} window cells: {g}/{n} = {s} each</source>
        <translation>平均汇聚：∂L/∂Y{where} = {g} 由窗口中的 {n} 个元素平分：每个得到 {g}/{n} = {s}</translation>
    </message>
</context>
<context>
    <name>StepperPanel</name>
    <message>
        <source> (padding hatched)</source>
        <translation>（填充部分画有斜线）</translation>
    </message>
    <message>
        <source>channel {c}</source>
        <extracomment>a padded input taller or wider than this gets a lens: its window, magnified beside the kernel with its numbers (a 28×28 image&apos;s cells are too small to read, even on a projector) a stage lower than this (a 4:3 projector) magnifies just the window, no cell around it</extracomment>
        <translation>通道 {c}</translation>
    </message>
    <message>
        <source>Input X</source>
        <translation>输入 X</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Output Y</source>
        <translation>输出 Y</translation>
    </message>
    <message>
        <source>Input gradient ∂L/∂X</source>
        <translation>输入梯度 ∂L/∂X</translation>
    </message>
    <message>
        <source>Upstream gradient ∂L/∂Y</source>
        <translation>上游梯度 ∂L/∂Y</translation>
    </message>
    <message>
        <source>The window, magnified</source>
        <translation>放大的窗口</translation>
    </message>
    <message>
        <source>Kernel K[{c}]</source>
        <translation>卷积核 K[{c}]</translation>
    </message>
    <message>
        <source>Kernel K</source>
        <translation>卷积核 K</translation>
    </message>
    <message>
        <source>bias b</source>
        <translation>偏置 b</translation>
    </message>
    <message>
        <source>Output map Y (complete)</source>
        <extracomment>the written-out sum takes at most this share of the stage&apos;s height; longer sums (many channels) are set smaller, down to :data:`EXPRESSION_MIN_SHARE` of the normal size</extracomment>
        <translation>输出图 Y（完整）</translation>
    </message>
    <message>
        <source>Output map Y so far</source>
        <translation>目前的输出图 Y</translation>
    </message>
    <message>
        <source>Input gradient ∂L/∂X (complete)</source>
        <translation>输入梯度 ∂L/∂X（完整）</translation>
    </message>
    <message>
        <source>Input gradient ∂L/∂X so far</source>
        <translation>目前的输入梯度 ∂L/∂X</translation>
    </message>
    <message>
        <source>‖ Pause</source>
        <translation>‖ 暂停</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <source>{r} steps/s</source>
        <translation>{r} 步/秒</translation>
    </message>
    <message>
        <source>Reset: back to before the first step (Home)</source>
        <extracomment>presented on a stage narrower than this, the output preview goes below the steps (a 4:3 projector with the slide strip beside: the steps need the width, there is height)</extracomment>
        <translation>重置：回到第一步之前（Home）</translation>
    </message>
    <message>
        <source>One step back (← or Page Up)</source>
        <translation>后退一步（← 或 Page Up）</translation>
    </message>
    <message>
        <source>One step forward (→ or Page Down)</source>
        <translation>前进一步（→ 或 Page Down）</translation>
    </message>
    <message>
        <source>Jump to the last step (End)</source>
        <translation>跳到最后一步（End）</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>播放或暂停（空格）</translation>
    </message>
    <message>
        <source>Drag to any step</source>
        <translation>拖动到任意一步</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <source>A run is training already; stop it first.</source>
        <translation>已有一次运行正在训练，请先停止它。</translation>
    </message>
    <message>
        <source>Training could not start: %1</source>
        <translation>无法开始训练：%1</translation>
    </message>
    <message>
        <source>The run could not be resumed: %1</source>
        <translation>无法继续这次运行：%1</translation>
    </message>
    <message>
        <source>%1 is not a training run folder: it has no config.json.</source>
        <translation>%1 不是训练运行的文件夹：其中没有 config.json。</translation>
    </message>
    <message>
        <source>Run %1 — %2 on %3</source>
        <translation>运行 %1 — %2，数据集 %3</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>This run is training; stop it before deleting it.</source>
        <translation>这次运行正在训练，请先停止再删除。</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete the run %1 and everything in its folder?
%2</source>
        <translation>删除运行 %1 及其文件夹中的所有内容？
%2</translation>
    </message>
    <message>
        <source>The run could not be deleted: %1</source>
        <translation>无法删除这次运行：%1</translation>
    </message>
    <message>
        <source>The weights could not be loaded: %1</source>
        <translation>无法加载权重：%1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>训练配置</translation>
    </message>
    <message>
        <source>Show or hide the recipe, the Train button and the progress</source>
        <translation>显示或隐藏训练配置、“训练”按钮和进度</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>the runs list has no run {names} to lay over the curves</source>
        <translation>运行列表中没有可叠加曲线的运行 {names}</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
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
</context>
</TS>
